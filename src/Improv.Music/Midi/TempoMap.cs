namespace Improv.Music.Midi;

/// <summary>Converts MIDI ticks to seconds through every tempo change of a file (or a fixed SMPTE rate).</summary>
internal sealed class TempoMap
{
    private const int DefaultMicrosecondsPerQuarter = 500_000;

    private readonly long[] startTicks;
    private readonly double[] startSeconds;
    private readonly double[] secondsPerTick;

    public TempoMap(int division, IReadOnlyList<TempoChange> tempos)
    {
        if ((division & 0x8000) != 0)
        {
            // SMPTE time: the high byte is minus the frame rate (-29 means 29.97 drop-frame), the low byte ticks per frame.
            var framesPerSecond = -(sbyte)(division >> 8) is 29 ? 29.97 : -(sbyte)(division >> 8);
            startTicks = [0];
            startSeconds = [0];
            secondsPerTick = [1.0 / (framesPerSecond * (division & 0xFF))];
            return;
        }

        var ticks = new List<long> { 0 };
        var rates = new List<double> { DefaultMicrosecondsPerQuarter * 1e-6 / division };
        foreach (var tempo in tempos.OrderBy(t => t.Tick))
        {
            var rate = tempo.MicrosecondsPerQuarter * 1e-6 / division;
            if (ticks[^1] == tempo.Tick)
                rates[^1] = rate;
            else
            {
                ticks.Add(tempo.Tick);
                rates.Add(rate);
            }
        }
        startTicks = [.. ticks];
        secondsPerTick = [.. rates];
        startSeconds = new double[ticks.Count];
        for (var i = 1; i < ticks.Count; i++)
            startSeconds[i] = startSeconds[i - 1] + (ticks[i] - ticks[i - 1]) * rates[i - 1];
    }

    /// <summary>Number of tempo segments (1 for a file without tempo changes).</summary>
    public int Segments => startTicks.Length;

    public double SecondsAt(long tick)
    {
        var segment = Array.BinarySearch(startTicks, tick);
        if (segment < 0)
            segment = ~segment - 1;
        return startSeconds[segment] + (tick - startTicks[segment]) * secondsPerTick[segment];
    }
}
