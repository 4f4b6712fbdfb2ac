using BenchmarkDotNet.Attributes;
using Improv.Export.Measurement;
using Improv.Inference.Step;
using static TorchSharp.torch;

namespace Improv.Benchmarks;

/// <summary>
/// One LSTM step with carried state on random tokens, one thread each: ONNX Runtime through the daemon's own
/// <see cref="StepSession"/> (IoBinding), TorchSharp LSTMCells, and the plain C# reference on TensorPrimitives.
/// </summary>
[MemoryDiagnoser]
public class StepBenchmarks
{
    private const int TokenCount = 4096;

    // Models are loaded once per process: every benchmark case of a size shares them (the H=512 export takes seconds).
    private static readonly Dictionary<string, BenchmarkModel> Models = [];

    private int[] tokens = [];
    private int next;
    private StepSession? onnx;
    private TorchStep? torchStep;
    private ReferenceStep? reference;

    [Params(BenchmarkModel.Default, BenchmarkModel.Hidden512)]
    public string Model { get; set; } = BenchmarkModel.Default;

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        if (!Models.TryGetValue(Model, out var model))
        {
            model = BenchmarkModel.Load(Model);
            Models[Model] = model;
        }

        onnx = new StepSession(model.Package);
        torchStep = new TorchStep(model.Weights);
        reference = new ReferenceStep(model.Weights);
        foreach (var (name, step) in new (string, ISteppable)[] { ("plain C#", reference), ("TorchSharp", torchStep) })
        {
            var difference = StepAgreement.MaxLogitDifference(onnx, step, steps: 200, seed: 7);
            Console.WriteLine($"// {Model}: {name} vs ONNX Runtime over 200 carried steps, max |diff|/max(1,|logit|) = {difference:G3}");
            if (!(difference <= StepAgreement.Tolerance))
            {
                throw new InvalidOperationException($"{Model}: the {name} step disagrees with ONNX Runtime ({difference:G3} > {StepAgreement.Tolerance:G3}); its time would mean nothing");
            }
        }

        var random = new Random(11);
        tokens = Enumerable.Range(0, TokenCount).Select(_ => random.Next(onnx.VocabularySize)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        onnx?.Dispose();
        torchStep?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ONNX Runtime (StepSession, IoBinding)")]
    public void OnnxRuntime() => onnx!.Feed(NextToken());

    [Benchmark(Description = "TorchSharp (LSTMCell, no_grad)")]
    public void TorchSharp() => torchStep!.Feed(NextToken());

    [Benchmark(Description = "plain C# (TensorPrimitives)")]
    public void PlainCSharp() => reference!.Feed(NextToken());

    private int NextToken()
    {
        next = (next + 1) & (TokenCount - 1);
        return tokens[next];
    }
}
