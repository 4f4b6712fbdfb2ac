using Improv.Music.Notes;

namespace Improv.Music.Tokens;

/// <summary>Encodes a whole note list as Performance RNN tokens, by replaying it through a <see cref="PerformanceStream"/>.</summary>
public static class PerformanceEncoder
{
    /// <summary>
    /// The tokens of <paramref name="notes"/>, without START/END. Times are quantised to 10 ms; a note is at least one
    /// step long; within one step, lower pitches come first and a pitch's release before its strike. Ordering by pitch
    /// first puts the NOTE_OFF of a re-struck pitch where decoding and encoding again puts it, so that
    /// encode(decode(tokens)) == tokens.
    /// </summary>
    public static int[] Encode(IReadOnlyList<Note> notes)
    {
        // Each event packed in one long (step, pitch, release-before-strike, velocity) so one primitive sort orders them.
        var events = new long[notes.Count * 2];
        for (var i = 0; i < notes.Count; i++)
        {
            var note = notes[i];
            var on = Math.Max(0, PerformanceStream.StepOf(note.Start));
            var off = Math.Max(on + 1, PerformanceStream.StepOf(note.End));
            events[2 * i] = Pack(on, note.Pitch, 1, Math.Clamp(note.Velocity, 1, 127));
            events[2 * i + 1] = Pack(off, note.Pitch, 0, 0);
        }
        Array.Sort(events);

        var stream = new PerformanceStream();
        var tokens = new List<int>(notes.Count * 4);
        Span<int> written = stackalloc int[PerformanceStream.MaxEventTokens + 1];
        foreach (var packed in events)
        {
            var (at, pitch, order, velocity) = (packed >> 16, (int)(packed >> 8) & 0xFF, (int)(packed >> 7) & 1, (int)packed & 0x7F);
            // Long gaps are walked in one-second shifts so the span for one event stays small.
            while (at - stream.Step > Vocabulary.TimeShiftSteps)
                tokens.AddRange(written[..stream.AdvanceTo((stream.Step + Vocabulary.TimeShiftSteps) / (double)Vocabulary.StepsPerSecond, written)]);
            var seconds = at / (double)Vocabulary.StepsPerSecond;
            var count = order == 0 ? stream.NoteOff(seconds, pitch, written) : stream.NoteOn(seconds, pitch, velocity, written);
            tokens.AddRange(written[..count]);
        }
        return [.. tokens];
    }

    private static long Pack(long step, int pitch, int order, int velocity) => step << 16 | (long)pitch << 8 | (long)order << 7 | (long)velocity;

    /// <summary>The tokens of <paramref name="notes"/> framed as a whole piece: START, the performance, END.</summary>
    public static int[] EncodePiece(IReadOnlyList<Note> notes) =>
        [Vocabulary.StartToken, .. Encode(notes), Vocabulary.EndToken];
}
