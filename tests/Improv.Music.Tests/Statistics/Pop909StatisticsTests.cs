using Improv.Music.Corpus;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Music.Tests.Statistics;

/// <summary>The measures on the real POP909 corpus: what real music scores is the yardstick for generated music.</summary>
[Collection(nameof(CorpusFixture))]
public sealed class Pop909StatisticsTests(CorpusFixture corpus)
{
    private static Note[] Excerpt(IEnumerable<Note> notes, double from, double to) =>
        notes.Where(n => n.Start >= from && n.Start < to)
            .Select(n => n with { Start = n.Start - from, End = Math.Min(n.End, to) - from })
            .ToArray();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    [Fact]
    public void The_key_found_from_a_primer_holds_almost_all_of_the_real_continuation()
    {
        var test = corpus.Songs.Where(s => s.Split == Split.Test).ToArray();
        var random = new Random(5);

        var real = test.Select(s => PitchClasses.InScaleRatio(Excerpt(s.Notes, 60, 90), KeyFinder.Estimate(Excerpt(s.Notes, 30, 60))!.Value.PitchClassMask));
        var randomPitches = test.Select(s => PitchClasses.InScaleRatio(
            Excerpt(s.Notes, 60, 90).Select(n => n with { Pitch = random.Next(36, 96) }),
            KeyFinder.Estimate(Excerpt(s.Notes, 30, 60))!.Value.PitchClassMask));

        Assert.InRange(Median(real), 0.95, 1);
        Assert.InRange(Median(randomPitches), 7.0 / 12 - 0.1, 7.0 / 12 + 0.1);
    }

    [Fact]
    public void Real_songs_repeat_more_than_their_own_notes_with_onsets_shuffled()
    {
        var songs = corpus.Songs.Take(100).ToArray();
        var random = new Random(5);
        var shuffled = songs.Select(s =>
        {
            var starts = s.Notes.Select(n => n.Start).OrderBy(_ => random.Next()).ToArray();
            return s.Notes.Select((n, i) => n with { Start = starts[i], End = starts[i] + n.Duration }).ToArray();
        });

        var real = songs.Select(s => Recurrence.Of(s.Notes.ToArray())).ToArray();
        var control = shuffled.Select(notes => Recurrence.Of(notes)).ToArray();

        Assert.True(Median(real.Select(r => r.RecurrenceRate)) > 2 * Median(control.Select(r => r.RecurrenceRate)));
        Assert.True(Median(real.Select(r => r.Determinism)) > 2 * Median(control.Select(r => r.Determinism)));
    }

    [Fact]
    public void A_training_excerpt_is_found_verbatim_and_real_test_music_shares_only_short_runs()
    {
        var train = corpus.Songs.Where(s => s.Split == Split.Train).ToArray();
        var index = new VerbatimCopyIndex(train.Select(s => PerformanceEncoder.Encode(s.Notes)).ToArray());
        var trainExcerpt = PerformanceEncoder.Encode(Excerpt(train[3].Notes, 60, 90));
        var testRuns = corpus.Songs.Where(s => s.Split == Split.Test)
            .Select(s => (double)index.LongestRun(PerformanceEncoder.Encode(Excerpt(s.Notes, 60, 90))).Length);

        var copied = index.LongestRun(trainExcerpt);

        Assert.Equal(3, copied.Song);
        Assert.True(copied.Length > trainExcerpt.Length * 0.9, $"{copied.Length} of {trainExcerpt.Length}");
        Assert.InRange(Median(testRuns), 2, 30);
    }
}
