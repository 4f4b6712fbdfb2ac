using Improv.Music.Notes;
using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

public class RecurrenceTests
{
    // One note filling each 2-s window.
    private static Note[] Windows(params int[] pitches) =>
        pitches.Select((pitch, i) => new Note(pitch, 80, i * 2.0, i * 2.0 + 2)).ToArray();

    [Fact]
    public void A_three_window_phrase_played_twice_is_one_diagonal_line()
    {
        // Windows C E G C E G: with adjacent windows excluded, 20 ordered pairs remain; (0,3) (1,4) (2,5) and their
        // mirrors match: 6 of 20. The three on each side form one diagonal line, so all matches are determinism.
        var recurrence = Recurrence.Of(Windows(60, 64, 67, 72, 76, 79));

        Assert.Equal(new Recurrence(6, 0.3, 1, 1), recurrence);
    }

    [Fact]
    public void Isolated_returns_recur_without_determinism()
    {
        // C E G C D F: only windows 0 and 3 match, a single point per side, on no line.
        var recurrence = Recurrence.Of(Windows(60, 64, 67, 60, 62, 65));

        Assert.Equal(new Recurrence(6, 2.0 / 20, 0, 2.0 / 6), recurrence);
    }

    [Fact]
    public void Music_that_never_comes_back_has_no_recurrence()
    {
        var recurrence = Recurrence.Of(Windows(60, 61, 62, 63, 64, 65, 66, 67));

        Assert.Equal(new Recurrence(8, 0, 0, 0), recurrence);
    }

    [Fact]
    public void Silence_is_not_a_return()
    {
        // Notes in windows 0 and 4 only: the silent windows between must not match each other.
        var recurrence = Recurrence.Of([new Note(60, 80, 0, 2), new Note(64, 80, 8, 10)]);

        Assert.Equal(new Recurrence(5, 0, 0, 0), recurrence);
    }

    [Fact]
    public void A_note_spanning_windows_counts_in_each_by_its_overlap()
    {
        // A long C from 1 s to 5 s under short notes: windows 0 (C+E), 1 (C only), 2 (C+E again, 1 s of each).
        var notes = new[] { new Note(64, 80, 0, 1), new Note(60, 80, 1, 5), new Note(64, 80, 5, 6) };

        var recurrence = Recurrence.Of(notes);

        Assert.Equal(new Recurrence(3, 1, 0, 2.0 / 3), recurrence);
    }

    [Fact]
    public void Nothing_to_analyse_gives_zeros()
    {
        Assert.Equal(new Recurrence(0, 0, 0, 0), Recurrence.Of([]));
    }
}
