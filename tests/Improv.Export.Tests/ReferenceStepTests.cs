using Improv.Benchmarks;
using Improv.Benchmarks.Steps;
using Improv.Inference.Step;

namespace Improv.Export.Tests;

/// <summary>
/// The benchmarks' plain C# step (the memory-bandwidth reference) and TorchSharp step compute what ONNX Runtime
/// computes on the bundled model, so their times compare like for like.
/// </summary>
[Collection(SmallModelCollection.Name)]
public class ReferenceStepTests
{
    private const int Steps = 300;

    [Theory]
    [InlineData("plain C#")]
    [InlineData("TorchSharp")]
    public void StepGivesOnnxRuntimesLogitsOnTheDefaultModel(string engine)
    {
        using var model = BenchmarkModel.Load(BenchmarkModel.Default);
        using var onnx = new StepSession(model.Package);
        using var torchStep = engine == "TorchSharp" ? new TorchStep(model.Weights) : null;
        ISteppable step = torchStep is null ? new ReferenceStep(model.Weights) : torchStep;

        var difference = StepAgreement.MaxLogitDifference(onnx, step, Steps, seed: 3);

        Assert.InRange(difference, 0, StepBenchmarks.Tolerance);
    }

    [Fact]
    public void OneWrongWeightIsCaught()
    {
        using var model = BenchmarkModel.Load(BenchmarkModel.Default);
        using var onnx = new StepSession(model.Package);
        model.Weights.Layers[1].RecurrentWeights[17] += 0.5f;
        var reference = new ReferenceStep(model.Weights);

        var difference = StepAgreement.MaxLogitDifference(onnx, reference, Steps, seed: 3);

        Assert.True(difference > StepBenchmarks.Tolerance, $"a changed recurrent weight went unnoticed (difference {difference:G3})");
    }

    [Fact]
    public void PlainCSharpStepAllocatesNothing()
    {
        using var model = BenchmarkModel.Load(BenchmarkModel.Default);
        var reference = new ReferenceStep(model.Weights);
        for (var token = 0; token < 100; token++)
        {
            reference.Feed(token);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var token = 0; token < 1000; token++)
        {
            reference.Feed(token % model.Package.Hyperparameters.VocabularySize);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
