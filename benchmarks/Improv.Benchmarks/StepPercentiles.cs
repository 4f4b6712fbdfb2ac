using System.Text;
using Improv.Export.Measurement;
using Improv.Inference.Step;
using static TorchSharp.torch;

namespace Improv.Benchmarks;

/// <summary>
/// Every single step timed on its own, the three engines in interleaved rounds so that load from other processes
/// falls on all of them alike: exact per-step p50/p99/max (BenchmarkDotNet reports per-iteration statistics) and
/// the bytes each step allocates on its own thread.
/// </summary>
public static class StepPercentiles
{
    private sealed record Engine(string Name, Action<int> Feed);

    public static string Run(int steps, int rounds = 10, int seed = 11)
    {
        set_num_threads(1);
        var report = new StringBuilder();
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        report.AppendLine($"Per-step latency, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {steps} steps per engine in {rounds} interleaved rounds, " +
            $"{Environment.ProcessorCount} CPUs, /proc/loadavg at start: {load}");
        report.AppendLine();
        report.AppendLine("| model | engine | p50 (us) | p99 (us) | max (us) | allocated per step | p50 vs ONNX Runtime |");
        report.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var name in new[] { BenchmarkModel.Default, BenchmarkModel.Hidden512 })
        {
            using var model = BenchmarkModel.Load(name);
            using var onnx = new StepSession(model.Package);
            using var torchStep = new TorchStep(model.Weights);
            var reference = new ReferenceStep(model.Weights);
            Engine[] engines = [new("ONNX Runtime (StepSession, IoBinding)", onnx.Feed), new("TorchSharp (LSTMCell, no_grad)", torchStep.Feed),
                new("plain C# (TensorPrimitives)", reference.Feed)];
            var timing = InterleavedSteps.Time(engines.Select(e => e.Feed).ToArray(), onnx.VocabularySize, steps, rounds, seed);
            for (var e = 0; e < engines.Length; e++)
            {
                var p50 = timing.Microseconds(e, 0.5);
                report.AppendLine($"| {name} | {engines[e].Name} | {p50:F0} | {timing.Microseconds(e, 0.99):F0} | " +
                    $"{timing.Microseconds(e, 1):F0} | {timing.BytesPerStep(e):0.#} B | {p50 / timing.Microseconds(0, 0.5):F2} |");
            }
        }

        var end = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        report.AppendLine();
        report.AppendLine($"/proc/loadavg at end: {end}");
        return report.ToString();
    }
}
