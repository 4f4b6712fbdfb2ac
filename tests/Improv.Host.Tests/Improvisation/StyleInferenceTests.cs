using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Corpus;
using Xunit.Abstractions;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// Style Auto's judge on real primers of known style: the opening seconds of test-split songs of every trained corpus
/// (data/*/splits), scored by the bundled two-part model under each style it knows.
/// </summary>
public sealed class StyleInferenceTests(ITestOutputHelper output)
{
    /// <summary>The window the live listener judges: the player's last seconds.</summary>
    private const double PrimerSeconds = PlayerListener.WindowSeconds;

    private const int SongsPerStyle = 8;

    [Fact]
    public void OnTestPrimersOfEachStyle_ItNamesTheRightStyleMoreOftenThanChance()
    {
        using var model = ModelPackage.Load(PlayerScript.DefaultModel);
        using var session = new StepSession(model);
        var judge = new StyleInference(session);
        var corpora = CorpusSet.Load(Path.Combine(PlayerScript.Repository, "data"), TextWriter.Null).Corpora;
        var right = 0;
        var total = 0;
        foreach (var corpus in corpora)
        {
            var style = corpus.Entry!.Style;
            var hits = 0;
            // Spread over the split: a split lists several performances of one piece side by side.
            var all = corpus.Splits[Split.Test].Where(s => s.Notes.Count > 0).ToList();
            var songs = Enumerable.Range(0, SongsPerStyle).Select(i => all[i * all.Count / SongsPerStyle]).Distinct().ToList();
            foreach (var song in songs)
            {
                var start = song.Notes.Min(n => n.Start);
                var primer = song.Notes.Where(n => n.Start < start + PrimerSeconds).ToList();
                var named = judge.Infer(primer);
                hits += named == style ? 1 : 0;
                output.WriteLine($"  {style} {song.Id}: {named}");
            }

            output.WriteLine($"{style}: {hits} of {songs.Count} test primers named right");
            right += hits;
            total += songs.Count;
        }

        output.WriteLine($"all: {right} of {total} ({100.0 * right / total:0}%), chance {100.0 / judge.Candidates.Count:0}%");
        Assert.Equal(4, judge.Candidates.Count);
        Assert.True(right > total / 2, $"{right} of {total} named right: no better than a coin");
    }
}
