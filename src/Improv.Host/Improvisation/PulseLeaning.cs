using Improv.Music.Tokens;

namespace Improv.Host.Improvisation;

/// <summary>
/// Locks an accompaniment onto the player's pulse by reweighting the model's logits, as <see cref="NoteLeaning"/>
/// does for density: the player's recent onsets give a grid (the last onset, then every median inter-onset interval
/// after it). Away from a grid point, the wait that reaches the next one leans up by <see cref="Steering.PulseLock"/>
/// nats and every NOTE_ON leans down by half as much: a chord the model wanted a moment early moves to the pulse, or
/// comes with the player's next note. The model is told the time it really waited, so its sense of time stays its own
/// (unlike a silent snap). Measured on POP909 test melodies, the waits do most of it and harm no harmony; leaning the
/// notes down as hard as the waits up cost harmony (docs/improvisation.md). Fixed-size buffers: allocation-free.
/// Hand-written because a median of eight intervals and a few additions on the sampler's own buffer need no library,
/// and a beat tracker's offline analysis (e.g. aubio's) would not fit the handling thread.
/// </summary>
public sealed class PulseLeaning
{
    /// <summary>How far from a grid point a note still counts as on it, seconds: one 10 ms token step either way, plus one.</summary>
    public const double ToleranceSeconds = 0.02;

    /// <summary>Onsets closer than this to the previous one belong to the same strike (a chord), not to the pulse.</summary>
    public const double ChordSeconds = 0.05;

    /// <summary>Intervals longer than this are pauses, not the pulse.</summary>
    public const double LongestPulseSeconds = 1.2;

    /// <summary>How much a note off the grid leans down, as a share of how much the wait to the grid leans up.</summary>
    public const float NoteShare = 0.5f;

    /// <summary>Inter-onset intervals the pulse is the median of.</summary>
    private const int Intervals = 8;

    private readonly TokenVocabulary vocabulary;
    private readonly float[] leaned;
    private readonly double[] intervals = new double[Intervals];
    private readonly double[] sorted = new double[Intervals];
    private int intervalCount;
    private int nextInterval;
    private double lastOnset = double.NaN;
    private double pulse = double.NaN;

    public PulseLeaning(TokenVocabulary vocabulary)
    {
        this.vocabulary = vocabulary;
        leaned = new float[vocabulary.Size];
    }

    /// <summary>The player's pulse, seconds between grid points (the median of their last inter-onset intervals); NaN before two intervals.</summary>
    public double Pulse => pulse;

    /// <summary>The player struck a key at <paramref name="seconds"/>.</summary>
    public void Heard(double seconds)
    {
        if (!double.IsNaN(lastOnset))
        {
            var interval = seconds - lastOnset;
            if (interval < ChordSeconds)
            {
                return;
            }

            if (interval <= LongestPulseSeconds)
            {
                intervals[nextInterval] = interval;
                nextInterval = (nextInterval + 1) % Intervals;
                intervalCount = Math.Min(intervalCount + 1, Intervals);
                pulse = intervalCount >= 2 ? Median() : double.NaN;
            }
        }

        lastOnset = seconds;
    }

    /// <summary>Seconds from <paramref name="seconds"/> to the nearest grid point at or after it (0 on the grid); NaN before the player's first onset.</summary>
    public double UntilGrid(double seconds)
    {
        var since = seconds - lastOnset;
        if (double.IsNaN(since) || since < 0)
        {
            return double.NaN;
        }

        if (since <= ToleranceSeconds)
        {
            return 0;
        }

        if (double.IsNaN(pulse))
        {
            return double.NaN;
        }

        var offset = since % pulse;
        return offset <= ToleranceSeconds || pulse - offset <= ToleranceSeconds ? 0 : pulse - offset;
    }

    /// <summary>
    /// <paramref name="logits"/> leaned onto the player's grid at <paramref name="seconds"/> by <paramref name="nats"/>;
    /// the same span when off (0), on the grid, or before the player has played. Valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Apply(ReadOnlySpan<float> logits, float nats, double seconds)
    {
        var until = nats <= 0 ? double.NaN : UntilGrid(seconds);
        if (double.IsNaN(until) || until == 0)
        {
            return logits;
        }

        logits.CopyTo(leaned);
        for (var part = 0; part < vocabulary.Parts.Count; part++)
        {
            for (var pitch = 0; pitch < Vocabulary.PitchCount; pitch++)
            {
                leaned[vocabulary.NoteOn(pitch, (Music.Notes.Part)part)] -= nats * NoteShare;
            }
        }

        // The waits that end on the next grid point (within the tolerance) lean up: the chord moves to the pulse.
        var first = Math.Max(1, (int)Math.Ceiling((until - ToleranceSeconds) / Vocabulary.TimeStepSeconds - 1e-9));
        var last = Math.Min(Vocabulary.TimeShiftSteps, (int)Math.Floor((until + ToleranceSeconds) / Vocabulary.TimeStepSeconds + 1e-9));
        for (var steps = first; steps <= last; steps++)
        {
            leaned[vocabulary.TimeShift(steps)] += nats;
        }

        return leaned;
    }

    private double Median()
    {
        // Insertion sort of at most eight values into a preallocated buffer: nothing allocated on the handling thread.
        for (var i = 0; i < intervalCount; i++)
        {
            var value = intervals[i];
            var j = i - 1;
            for (; j >= 0 && sorted[j] > value; j--)
            {
                sorted[j + 1] = sorted[j];
            }

            sorted[j + 1] = value;
        }

        return intervalCount % 2 == 1
            ? sorted[intervalCount / 2]
            : (sorted[intervalCount / 2 - 1] + sorted[intervalCount / 2]) / 2;
    }
}
