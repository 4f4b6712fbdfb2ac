using Improv.Music.Notes;

namespace Improv.Music.Tokens;

/// <summary>Encodes a whole note list as Performance RNN tokens, by replaying it through a <see cref="PerformanceStream"/>.</summary>
public static class PerformanceEncoder
{
    /// <summary>
    /// The tokens of <paramref name="notes"/>, without START/END, in <paramref name="vocabulary"/>'s ids (v1 when none
    /// is given). Times are quantised to 10 ms; a note is at least one step long; within one step, one part's events
    /// come before the other's (<paramref name="order"/>), and within a part lower pitches come first and a pitch's
    /// release before its strike. Ordering by pitch puts the NOTE_OFF of a re-struck pitch where decoding and
    /// encoding again puts it, so that encode(decode(tokens)) == tokens for the same order.
    /// </summary>
    public static int[] Encode(IReadOnlyList<Note> notes, TokenVocabulary? vocabulary = null, PartOrder order = default)
    {
        vocabulary ??= TokenVocabulary.PerformanceV1;
        // Each event packed in one long (step, part rank, pitch, release-before-strike, velocity, part) so one
        // primitive sort orders them.
        var events = new long[notes.Count * 2];
        for (var i = 0; i < notes.Count; i++)
        {
            var note = notes[i];
            var part = vocabulary.Has(note.Part) ? note.Part : Part.Lead;
            var on = Math.Max(0, PerformanceStream.StepOf(note.Start));
            var off = Math.Max(on + 1, PerformanceStream.StepOf(note.End));
            events[2 * i] = Pack(on, order.RankOf(part, on), note.Pitch, 1, Math.Clamp(note.Velocity, 1, 127), part);
            events[2 * i + 1] = Pack(off, order.RankOf(part, off), note.Pitch, 0, 0, part);
        }
        Array.Sort(events);

        var stream = new PerformanceStream(vocabulary);
        var tokens = new List<int>(notes.Count * 4);
        Span<int> written = stackalloc int[PerformanceStream.MaxEventTokens + 1];
        foreach (var packed in events)
        {
            var (at, pitch, strike, velocity, part) = (packed >> 18, (int)(packed >> 9) & 0xFF, (int)(packed >> 8) & 1, (int)(packed >> 1) & 0x7F, (Part)(packed & 1));
            // Long gaps are walked in one-second shifts so the span for one event stays small.
            while (at - stream.Step > Vocabulary.TimeShiftSteps)
                tokens.AddRange(written[..stream.AdvanceTo((stream.Step + Vocabulary.TimeShiftSteps) / (double)Vocabulary.StepsPerSecond, written)]);
            var seconds = at / (double)Vocabulary.StepsPerSecond;
            var count = strike == 0 ? stream.NoteOff(seconds, pitch, written, part) : stream.NoteOn(seconds, pitch, velocity, written, part);
            tokens.AddRange(written[..count]);
        }
        return [.. tokens];
    }

    private static long Pack(long step, int rank, int pitch, int strike, int velocity, Part part) =>
        step << 18 | (long)rank << 17 | (long)pitch << 9 | (long)strike << 8 | (long)velocity << 1 | (long)part;

    /// <summary>
    /// The tokens of <paramref name="notes"/> framed as a whole piece: START, the style token when the vocabulary has
    /// styles (<paramref name="style"/>, or "any" when none is given), the performance, END.
    /// </summary>
    public static int[] EncodePiece(IReadOnlyList<Note> notes, TokenVocabulary? vocabulary = null, string? style = null, PartOrder order = default)
    {
        vocabulary ??= TokenVocabulary.PerformanceV1;
        int[] opening = vocabulary.Styles.Count > 0 ? [vocabulary.StartToken, vocabulary.StyleToken(style ?? Style.Any)] : [vocabulary.StartToken];
        return [.. opening, .. Encode(notes, vocabulary, order), vocabulary.EndToken];
    }
}
