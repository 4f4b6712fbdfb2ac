using Improv.Export.Measurement;
using Improv.Export.Onnx;
using Improv.Inference.Model;
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
        using var model = ModelPackage.Load(Repository.DefaultModel);
        var weights = SequenceGraphWeights.Read(model);
        using var onnx = new StepSession(model);
        using var torchStep = engine == "TorchSharp" ? new TorchStep(weights) : null;
        ISteppable step = torchStep is null ? new ReferenceStep(weights) : torchStep;

        var difference = StepAgreement.MaxLogitDifference(onnx, step, Steps, seed: 3);

        Assert.InRange(difference, 0, StepAgreement.Tolerance);
    }

    [Fact]
    public void OneWrongWeightIsCaught()
    {
        using var model = ModelPackage.Load(Repository.DefaultModel);
        var weights = SequenceGraphWeights.Read(model);
        using var onnx = new StepSession(model);
        weights.Layers[1].RecurrentWeights[17] += 0.5f;
        var reference = new ReferenceStep(weights);

        var difference = StepAgreement.MaxLogitDifference(onnx, reference, Steps, seed: 3);

        Assert.True(difference > StepAgreement.Tolerance, $"a changed recurrent weight went unnoticed (difference {difference:G3})");
    }

    [Fact]
    public void PlainCSharpStepAllocatesNothing()
    {
        using var model = ModelPackage.Load(Repository.DefaultModel);
        var weights = SequenceGraphWeights.Read(model);
        var reference = new ReferenceStep(weights);
        for (var token = 0; token < 100; token++)
        {
            reference.Feed(token);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var token = 0; token < 1000; token++)
        {
            reference.Feed(token % model.Hyperparameters.VocabularySize);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
