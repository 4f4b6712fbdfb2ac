using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Model.Tests;

/// <summary>The n-gram baseline is a proper distribution and learns what there is to learn.</summary>
public class KneserNeyTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void ProbabilitiesOverTheVocabularySumToOne(int order)
    {
        var songs = SyntheticSongs.Songs(10, 300, 1);
        var model = KneserNey.Train(songs, order, Vocabulary.Size);
        int[][] histories =
        [
            [],
            [Vocabulary.StartToken],
            songs[0][..4],
            songs[3][100..140],
            [Vocabulary.EndToken, Vocabulary.NoteOff(3), Vocabulary.NoteOn(127), Vocabulary.TimeShift(100)],
        ];
        foreach (var history in histories)
        {
            var sum = Enumerable.Range(0, Vocabulary.Size).Sum(token => model.Probability(history, token));
            Assert.Equal(1.0, sum, 9);
        }
    }

    [Fact]
    public void EveryTokenKeepsSomeProbability()
    {
        var model = KneserNey.Train(SyntheticSongs.Songs(5, 200, 1), 4, Vocabulary.Size);
        Assert.All(Enumerable.Range(0, Vocabulary.Size), token => Assert.True(model.Probability([1, 2, 3], token) > 0));
    }

    [Fact]
    public void HeldOutSongsScoreFarBetterThanUniformAndLongerContextHelps()
    {
        var train = SyntheticSongs.Songs(24, 400, 1);
        var valid = SyntheticSongs.Songs(4, 400, 2);
        var bigram = KneserNey.Train(train, 2, Vocabulary.Size).Score(valid);
        var trigram = KneserNey.Train(train, 3, Vocabulary.Size).Score(valid);

        Assert.Equal(4 * 399, trigram.Tokens);
        Assert.True(trigram.PerToken < Math.Log(Vocabulary.Size) - 2, $"trigram NLL {trigram.PerToken:F3}");
        // The chain is second order: a trigram sees all of it, a bigram cannot.
        Assert.True(trigram.PerToken < bigram.PerToken - 0.3, $"trigram {trigram.PerToken:F3} vs bigram {bigram.PerToken:F3}");
    }

    [Fact]
    public void TokensOutsideTheVocabularyAreNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => KneserNey.Train([[1, 2, 999]], 3, Vocabulary.Size));
        Assert.Contains("999", error.Message);
    }
}
