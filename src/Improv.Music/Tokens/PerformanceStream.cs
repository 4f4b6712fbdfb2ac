namespace Improv.Music.Tokens;

/// <summary>
/// Turns note events, as they happen, into Performance RNN tokens without allocating: the live encoder, and the one
/// place the encoding logic lives (<see cref="PerformanceEncoder"/> runs on it).
/// Time is quantised to 10 ms steps; a gap becomes TIME_SHIFT tokens of at most 1 s each; a VELOCITY token precedes a
/// NOTE_ON only when the velocity bin changes. Each pitch sounds once, as on a piano: striking a pitch that is already
/// sounding ends it and strikes it again (two strikes in one step make one note), and the pitch is released when the
/// last of its strikes is.
/// </summary>
public sealed class PerformanceStream
{
    /// <summary>Most tokens one event writes besides its time shifts (NOTE_OFF + VELOCITY + NOTE_ON on a re-strike).</summary>
    public const int MaxEventTokens = 3;

    private readonly int[] strikes = new int[Vocabulary.PitchCount];
    private readonly long[] struckAt = new long[Vocabulary.PitchCount];
    private long step;
    private int velocityBin = -1;

    /// <summary>The current time, in 10 ms steps since the stream began.</summary>
    public long Step => step;

    /// <summary>How many tokens an event <paramref name="seconds"/> after the start may write at most (size the span with it).</summary>
    public int MaxTokensAt(double seconds)
    {
        var shifts = (StepOf(seconds) - step + Vocabulary.TimeShiftSteps - 1) / Vocabulary.TimeShiftSteps;
        return (int)Math.Clamp(shifts, 0, int.MaxValue - MaxEventTokens) + MaxEventTokens;
    }

    /// <summary>The 10 ms step nearest to a time in seconds.</summary>
    public static long StepOf(double seconds) => (long)Math.Round(seconds * Vocabulary.StepsPerSecond);

    /// <summary>A key goes down at <paramref name="seconds"/>: writes the tokens into <paramref name="tokens"/> and returns how many.</summary>
    public int NoteOn(double seconds, int pitch, int velocity, Span<int> tokens)
    {
        CheckPitch(pitch);
        var count = AdvanceTo(seconds, tokens);
        // Two strikes of one pitch in the same step are one note: a zero-length note cannot be tokenised.
        if (strikes[pitch]++ > 0)
        {
            if (struckAt[pitch] == step)
                return count;
            tokens[count++] = Vocabulary.NoteOff(pitch);
        }
        struckAt[pitch] = step;
        var bin = Vocabulary.VelocityBin(velocity);
        if (bin != velocityBin)
        {
            tokens[count++] = Vocabulary.Velocity(bin);
            velocityBin = bin;
        }
        tokens[count++] = Vocabulary.NoteOn(pitch);
        return count;
    }

    /// <summary>A key comes up at <paramref name="seconds"/>: writes the tokens into <paramref name="tokens"/> and returns how many.</summary>
    public int NoteOff(double seconds, int pitch, Span<int> tokens)
    {
        CheckPitch(pitch);
        // Releasing one of several strikes of a pitch writes nothing, not even the time: a shift with no event after
        // it would not survive decoding and encoding again.
        if (strikes[pitch] == 0 || --strikes[pitch] > 0)
            return 0;
        var count = AdvanceTo(seconds, tokens);
        tokens[count++] = Vocabulary.NoteOff(pitch);
        return count;
    }

    private static void CheckPitch(int pitch)
    {
        if ((uint)pitch >= Vocabulary.PitchCount)
            throw new ArgumentOutOfRangeException(nameof(pitch), pitch, "MIDI pitches are 0-127");
    }

    /// <summary>Forgets every sounding note, the time and the velocity, as at the start of a new piece.</summary>
    public void Reset()
    {
        Array.Clear(strikes);
        step = 0;
        velocityBin = -1;
    }

    /// <summary>
    /// Lets time pass up to <paramref name="seconds"/>, writing the TIME_SHIFT tokens. An earlier time (live jitter) is
    /// taken as now: time never runs backwards.
    /// </summary>
    public int AdvanceTo(double seconds, Span<int> tokens)
    {
        var target = StepOf(seconds);
        var count = 0;
        while (target > step)
        {
            var shift = (int)Math.Min(target - step, Vocabulary.TimeShiftSteps);
            tokens[count++] = Vocabulary.TimeShift(shift);
            step += shift;
        }
        return count;
    }
}
