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
            var primer = new Random(seed + 1).GetItems(Enumerable.Range(0, sessions[0].VocabularySize).ToArray(), primerLength);
            var primerTimes = sessions.Select(_ => new double[rounds]).ToArray();
            var timing = InterleavedSteps.Time(sessions.Select(s => (Action<int>)s.Feed).ToArray(), sessions[0].VocabularySize, steps, rounds, seed,
                (m, round) =>
                {
                    sessions[m].Reset();
                    var primerStart = Stopwatch.GetTimestamp();
                    sessions[m].WarmUp(primer);
                    primerTimes[m][round] = Stopwatch.GetElapsedTime(primerStart).TotalMilliseconds;
                });
            return sessions.Select((_, m) =>
            {
                Array.Sort(primerTimes[m]);
                return new LatencyReport(timing.Timed, timing.Microseconds(m, 0.5), timing.Microseconds(m, 0.99), primerTimes[m][rounds / 2],
                    primer.Length, (long)timing.BytesPerStep(m));
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
