using System.Diagnostics;
using System.Text;
using Improv.Benchmarks.Steps;
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
            var random = new Random(seed);
            var tokens = Enumerable.Range(0, steps).Select(_ => random.Next(onnx.VocabularySize)).ToArray();
            var elapsed = engines.Select(_ => new long[steps]).ToArray();
            var allocated = new long[engines.Length];
            foreach (var engine in engines)
            {
                foreach (var token in tokens.AsSpan(0, Math.Min(steps, 500)))
                {
                    engine.Feed(token);
                }
            }

            var perRound = steps / rounds;
            for (var round = 0; round < rounds; round++)
            {
                for (var e = 0; e < engines.Length; e++)
                {
                    var feed = engines[e].Feed;
                    var times = elapsed[e];
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    for (var i = round * perRound; i < (round + 1) * perRound; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        feed(tokens[i]);
                        times[i] = Stopwatch.GetTimestamp() - start;
                    }

                    allocated[e] += GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }

            var timed = perRound * rounds;
            var p50 = new double[engines.Length];
            for (var e = 0; e < engines.Length; e++)
            {
                var sorted = elapsed[e][..timed];
                Array.Sort(sorted);
                double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
                p50[e] = Microseconds(sorted[(timed - 1) / 2]);
                report.AppendLine($"| {name} | {engines[e].Name} | {p50[e]:F0} | {Microseconds(sorted[(int)Math.Ceiling(0.99 * timed) - 1]):F0} | " +
                    $"{Microseconds(sorted[^1]):F0} | {allocated[e] / (double)timed:0.#} B | {p50[e] / p50[0]:F2} |");
            }
        }

        var end = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        report.AppendLine();
        report.AppendLine($"/proc/loadavg at end: {end}");
        return report.ToString();
    }
}
