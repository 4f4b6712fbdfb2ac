using Improv.Music.Notes;

namespace Improv.Music.Tokens;

/// <summary>Encodes a whole note list as Performance RNN tokens, by replaying it through a <see cref="PerformanceStream"/>.</summary>
public static class PerformanceEncoder
{
    /// <summary>
    /// The tokens of <paramref name="notes"/>, without START/END. Times are quantised to 10 ms; a note is at least one
    /// step long; at one step, releases come before strikes, then lower pitches first.
    /// </summary>
    public static int[] Encode(IReadOnlyList<Note> notes)
    {
        var events = new (long Step, int Order, int Pitch, int Velocity)[notes.Count * 2];
        for (var i = 0; i < notes.Count; i++)
        {
            var note = notes[i];
            var on = PerformanceStream.StepOf(note.Start);
            var off = Math.Max(on + 1, PerformanceStream.StepOf(note.End));
            events[2 * i] = (on, 1, note.Pitch, note.Velocity);
            events[2 * i + 1] = (off, 0, note.Pitch, 0);
        }
        Array.Sort(events);

        var stream = new PerformanceStream();
        var tokens = new List<int>(notes.Count * 4);
        Span<int> written = stackalloc int[PerformanceStream.MaxEventTokens + 1];
        foreach (var (at, order, pitch, velocity) in events)
        {
            // Long gaps are walked in one-second shifts so the span for one event stays small.
            while (at - stream.Step > Vocabulary.TimeShiftSteps)
                tokens.AddRange(written[..stream.AdvanceTo((stream.Step + Vocabulary.TimeShiftSteps) * Vocabulary.TimeStepSeconds, written)]);
            var seconds = at * Vocabulary.TimeStepSeconds;
            var count = order == 0 ? stream.NoteOff(seconds, pitch, written) : stream.NoteOn(seconds, pitch, velocity, written);
            tokens.AddRange(written[..count]);
        }
        return [.. tokens];
    }

    /// <summary>The tokens of <paramref name="notes"/> framed as a whole piece: START, the performance, END.</summary>
    public static int[] EncodePiece(IReadOnlyList<Note> notes) =>
        [Vocabulary.StartToken, .. Encode(notes), Vocabulary.EndToken];
}
