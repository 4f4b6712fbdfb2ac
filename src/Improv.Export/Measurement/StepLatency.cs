using System.Diagnostics;
using Improv.Inference.Model;
using Improv.Inference.Step;

namespace Improv.Export.Measurement;

/// <summary>Per-step latency of a model in ONNX Runtime through <see cref="StepSession"/>, and the cost of a primer.</summary>
public sealed record LatencyReport(int Steps, double P50Microseconds, double P99Microseconds, double PrimerMilliseconds, int PrimerLength, long BytesPerStep)
{
    public override string ToString() =>
        $"step p50 {P50Microseconds:F0} us, p99 {P99Microseconds:F0} us over {Steps} steps, {BytesPerStep} B/step allocated; " +
        $"{PrimerLength}-token primer in one sequence call {PrimerMilliseconds:F1} ms (median)";
}

/// <summary>
/// Times single steps with carried state on random tokens, the way the daemon will call them. Several
/// models are timed in interleaved rounds, so a build starting on the shared machine slows all of them alike.
/// </summary>
public static class StepLatency
{
    public static LatencyReport[] Compare(IReadOnlyList<ModelPackage> models, int steps, int rounds = 10, int primerLength = 256, int seed = 11)
    {
        var sessions = models.Select(m => new StepSession(m)).ToArray();
        try
        {
            var random = new Random(seed);
            var tokens = Enumerable.Range(0, steps).Select(_ => random.Next(sessions[0].VocabularySize)).ToArray();
            var elapsed = sessions.Select(_ => new long[steps]).ToArray();
            var allocated = new long[sessions.Length];
            var primerTimes = sessions.Select(_ => new double[rounds]).ToArray();
            var primer = tokens.AsSpan(0, Math.Min(primerLength, steps)).ToArray();
            foreach (var session in sessions)
            {
                foreach (var token in tokens.AsSpan(0, Math.Min(steps, 500)))
                {
                    session.Feed(token);
                }
            }

            var perRound = steps / rounds;
            for (var round = 0; round < rounds; round++)
            {
                for (var m = 0; m < sessions.Length; m++)
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    for (var i = round * perRound; i < (round + 1) * perRound; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        sessions[m].Feed(tokens[i]);
                        elapsed[m][i] = Stopwatch.GetTimestamp() - start;
                    }

                    allocated[m] += GC.GetAllocatedBytesForCurrentThread() - before;
                    sessions[m].Reset();
                    var primerStart = Stopwatch.GetTimestamp();
                    sessions[m].WarmUp(primer);
                    primerTimes[m][round] = Stopwatch.GetElapsedTime(primerStart).TotalMilliseconds;
                }
            }

            var timed = perRound * rounds;
            return sessions.Select((_, m) =>
            {
                var sorted = elapsed[m][..timed];
                Array.Sort(sorted);
                Array.Sort(primerTimes[m]);
                double Microseconds(double quantile) => sorted[(int)(quantile * (timed - 1))] * 1e6 / Stopwatch.Frequency;
                return new LatencyReport(timed, Microseconds(0.5), Microseconds(0.99), primerTimes[m][rounds / 2], primer.Length, allocated[m] / timed);
            }).ToArray();
        }
        finally
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }
}
