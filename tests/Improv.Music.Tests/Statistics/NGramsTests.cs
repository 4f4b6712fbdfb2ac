using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

public class NGramsTests
{
    [Theory]
    [InlineData(1, 2.0 / 6)]
    [InlineData(2, 2.0 / 5)]
    [InlineData(3, 2.0 / 4)]
    [InlineData(4, 2.0 / 3)]
    public void A_repeated_pair_has_two_distinct_n_grams_of_every_order(int n, double expected)
    {
        Assert.Equal(expected, NGrams.DistinctN([[1, 2, 1, 2, 1, 2]], n), 12);
    }

    [Fact]
    public void Distinct_n_pools_the_samples_so_a_copied_sample_halves_it()
    {
        int[] sample = [5, 6, 7, 8, 9];

        Assert.Equal(1, NGrams.DistinctN([sample], 2));
        Assert.Equal(0.5, NGrams.DistinctN([sample, sample], 2));
    }

    [Fact]
    public void Samples_shorter_than_n_contribute_nothing()
    {
        Assert.Equal(0, NGrams.DistinctN([[1, 2], [3]], 3));
        Assert.Equal(1, NGrams.DistinctN([[1, 2, 3], [3]], 3));
    }

    [Fact]
    public void Tokens_too_large_for_a_key_are_refused_by_position()
    {
        var error = Assert.Throws<ArgumentException>(() => NGrams.Count([1, 70000], 2));

        Assert.Contains("70000 at position 1", error.Message);
    }

    [Fact]
    public void Counts_tell_n_grams_apart_by_order_of_tokens()
    {
        var counts = NGrams.Count([1, 2, 2, 1, 1, 2], 2);

        Assert.Equal(4, counts.Count); // 12 22 21 11 12
        Assert.Equal(2, counts.Values.Max());
    }
}
