using Improv.Music.Notes;

namespace Improv.Music.Tokens;

/// <summary>
/// Turns note events, as they happen, into Performance RNN tokens without allocating: the live encoder, and the one
/// place the encoding logic lives (<see cref="PerformanceEncoder"/> runs on it).
/// Time is quantised to 10 ms steps; a gap becomes TIME_SHIFT tokens of at most 1 s each; a VELOCITY token precedes a
/// NOTE_ON only when the velocity bin of that note's part changes (each part keeps its own loudness). Each pitch of a
/// part sounds once, as on a piano: striking a pitch that is already sounding ends it and strikes it again (two strikes
/// in one step make one note), and the pitch is released when the last of its strikes is.
/// </summary>
public sealed class PerformanceStream
{
    /// <summary>Most tokens one event writes besides its time shifts (NOTE_OFF + VELOCITY + NOTE_ON on a re-strike).</summary>
    public const int MaxEventTokens = 3;

    private readonly TokenVocabulary vocabulary;
    private readonly int[] strikes;
    private readonly long[] struckAt;
    private readonly int[] velocityBins;
    private long step;

    /// <summary>A stream in <paramref name="vocabulary"/>'s ids (v1 when none is given).</summary>
    public PerformanceStream(TokenVocabulary? vocabulary = null)
    {
        this.vocabulary = vocabulary ?? TokenVocabulary.PerformanceV1;
        strikes = new int[this.vocabulary.Parts.Count * Vocabulary.PitchCount];
        struckAt = new long[strikes.Length];
        velocityBins = new int[this.vocabulary.Parts.Count];
        Array.Fill(velocityBins, -1);
    }

    /// <summary>The vocabulary whose ids the stream writes.</summary>
    public TokenVocabulary TokenVocabulary => vocabulary;

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

    /// <summary>A key of <paramref name="part"/> goes down at <paramref name="seconds"/>: writes the tokens into <paramref name="tokens"/> and returns how many.</summary>
    public int NoteOn(double seconds, int pitch, int velocity, Span<int> tokens, Part part = Part.Lead)
    {
        var key = KeyOf(pitch, part);
        var count = AdvanceTo(seconds, tokens);
        // Two strikes of one pitch in the same step are one note: a zero-length note cannot be tokenised.
        if (strikes[key]++ > 0)
        {
            if (struckAt[key] == step)
                return count;
            tokens[count++] = vocabulary.NoteOff(pitch, part);
        }
        struckAt[key] = step;
        var bin = Vocabulary.VelocityBin(velocity);
        if (bin != velocityBins[(int)part])
        {
            tokens[count++] = vocabulary.Velocity(bin);
            velocityBins[(int)part] = bin;
        }
        tokens[count++] = vocabulary.NoteOn(pitch, part);
        return count;
    }

    /// <summary>A key of <paramref name="part"/> comes up at <paramref name="seconds"/>: writes the tokens into <paramref name="tokens"/> and returns how many.</summary>
    public int NoteOff(double seconds, int pitch, Span<int> tokens, Part part = Part.Lead)
    {
        var key = KeyOf(pitch, part);
        // Releasing one of several strikes of a pitch writes nothing, not even the time: a shift with no event after
        // it would not survive decoding and encoding again.
        if (strikes[key] == 0 || --strikes[key] > 0)
            return 0;
        var count = AdvanceTo(seconds, tokens);
        tokens[count++] = vocabulary.NoteOff(pitch, part);
        return count;
    }

    /// <summary>Whether <paramref name="pitch"/> of <paramref name="part"/> is sounding in the stream.</summary>
    public bool IsSounding(int pitch, Part part = Part.Lead) => strikes[KeyOf(pitch, part)] > 0;

    private int KeyOf(int pitch, Part part)
    {
        if ((uint)pitch >= Vocabulary.PitchCount)
            throw new ArgumentOutOfRangeException(nameof(pitch), pitch, "MIDI pitches are 0-127");
        if (!vocabulary.Has(part))
            throw new ArgumentOutOfRangeException(nameof(part), part, $"vocabulary {vocabulary.Version} has no {part} part");
        return (int)part * Vocabulary.PitchCount + pitch;
    }

    /// <summary>Forgets every sounding note, the time and the velocities, as at the start of a new piece.</summary>
    public void Reset()
    {
        Array.Clear(strikes);
        step = 0;
        Array.Fill(velocityBins, -1);
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
            tokens[count++] = vocabulary.TimeShift(shift);
            step += shift;
        }
        return count;
    }
}
