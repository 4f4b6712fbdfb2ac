using System.Diagnostics;

namespace Improv.Export.Measurement;

/// <summary>
/// Single steps of several engines, each step timed on its own, on the same random tokens with carried state. The
/// engines take turns in rounds, so load from other processes on a shared machine falls on all of them alike.
/// </summary>
public sealed class InterleavedSteps
{
    private readonly long[][] sortedTicks;
    private readonly long[] allocated;

    private InterleavedSteps(long[][] sortedTicks, long[] allocated, int timed)
    {
        this.sortedTicks = sortedTicks;
        this.allocated = allocated;
        Timed = timed;
    }

    /// <summary>Steps timed per engine (a whole number of rounds).</summary>
    public int Timed { get; }

    /// <param name="feeds">One step of each engine: feed a token, carry the state.</param>
    /// <param name="afterTurn">Called with (engine, round) after each engine's turn, outside the timing (e.g. a primer).</param>
    public static InterleavedSteps Time(IReadOnlyList<Action<int>> feeds, int vocabularySize, int steps, int rounds, int seed,
        Action<int, int>? afterTurn = null)
    {
        var random = new Random(seed);
        var tokens = Enumerable.Range(0, steps).Select(_ => random.Next(vocabularySize)).ToArray();
        var elapsed = feeds.Select(_ => new long[steps]).ToArray();
        var allocated = new long[feeds.Count];
        foreach (var feed in feeds)
        {
            foreach (var token in tokens.AsSpan(0, Math.Min(steps, 500)))
            {
                feed(token);
            }
        }

        var perRound = steps / rounds;
        for (var round = 0; round < rounds; round++)
        {
            for (var e = 0; e < feeds.Count; e++)
            {
                var (feed, times) = (feeds[e], elapsed[e]);
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = round * perRound; i < (round + 1) * perRound; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    feed(tokens[i]);
                    times[i] = Stopwatch.GetTimestamp() - start;
                }

                allocated[e] += GC.GetAllocatedBytesForCurrentThread() - before;
                afterTurn?.Invoke(e, round);
            }
        }

        var timed = perRound * rounds;
        var sorted = elapsed.Select(times => times[..timed]).ToArray();
        foreach (var times in sorted)
        {
            Array.Sort(times);
        }

        return new InterleavedSteps(sorted, allocated, timed);
    }

    /// <summary>The nearest-rank quantile of one engine's step times, in microseconds (1 = the slowest step).</summary>
    public double Microseconds(int engine, double quantile) =>
        sortedTicks[engine][Math.Max(0, (int)Math.Ceiling(quantile * Timed) - 1)] * 1e6 / Stopwatch.Frequency;

    /// <summary>Bytes one engine allocated per timed step on the timing thread.</summary>
    public double BytesPerStep(int engine) => allocated[engine] / (double)Timed;
}
