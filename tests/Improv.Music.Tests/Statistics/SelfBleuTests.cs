using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

public class SelfBleuTests
{
    [Fact]
    public void Identical_samples_score_one()
    {
        int[] sample = [1, 2, 3, 4, 5, 6, 7];

        Assert.Equal(1, SelfBleu.Of([sample, sample, sample]), 12);
    }

    [Fact]
    public void Samples_sharing_no_token_score_zero()
    {
        Assert.Equal(0, SelfBleu.Of([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]));
    }

    [Fact]
    public void One_changed_last_token_gives_the_geometric_mean_of_the_clipped_precisions()
    {
        // Each against the other: 4/5 unigrams, 3/4 bigrams, 2/3 trigrams, 1/2 four-grams match; equal lengths, no penalty.
        var expected = Math.Pow(4.0 / 5 * 3.0 / 4 * 2.0 / 3 * 1.0 / 2, 0.25);

        Assert.Equal(expected, SelfBleu.Of([[1, 2, 3, 4, 5], [1, 2, 3, 4, 6]]), 12);
    }

    [Fact]
    public void Clipping_takes_the_largest_count_among_the_other_samples_only()
    {
        // [7 x8] against [7 7 7 7 9 9 9 9] and back: 4/8 unigrams, 3/7 bigrams, 2/6 trigrams, 1/5 four-grams.
        int[] sevens = [7, 7, 7, 7, 7, 7, 7, 7];
        int[] half = [7, 7, 7, 7, 9, 9, 9, 9];
        var partial = Math.Pow(4.0 / 8 * 3.0 / 7 * 2.0 / 6 * 1.0 / 5, 0.25);

        Assert.Equal(partial, SelfBleu.Of([sevens, half]), 12);

        // A copy of [7 x8] gives each copy a full match from the other, and leaves the half sample clipped as before.
        Assert.Equal((1 + partial + 1) / 3, SelfBleu.Of([sevens, half, sevens.ToArray()]), 12);
    }

    [Fact]
    public void A_short_hypothesis_pays_the_brevity_penalty()
    {
        // Sample 0 (4 tokens) is a prefix of sample 1 (8 tokens): all its n-grams match, penalty exp(1 - 8/4).
        // Sample 1 against sample 0: 4/8, 3/7, 2/6, 1/5 with no penalty (longer than its reference).
        int[] shortOne = [1, 2, 3, 4];
        int[] longOne = [1, 2, 3, 4, 5, 6, 7, 8];
        var expected = (Math.Exp(1 - 8.0 / 4) + Math.Pow(4.0 / 8 * 3.0 / 7 * 2.0 / 6 * 1.0 / 5, 0.25)) / 2;

        Assert.Equal(expected, SelfBleu.Of([shortOne, longOne]), 12);
    }

    [Fact]
    public void One_sample_has_nothing_to_compare_with()
    {
        Assert.Throws<ArgumentException>(() => SelfBleu.Of([[1, 2, 3, 4]]));
    }
}
