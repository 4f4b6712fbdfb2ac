using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

// Expected values computed independently with exact rational arithmetic (Python fractions, math.comb),
// using R's binom.test rule for the two-sided test.
public class BinomialTestTests
{
    [Fact]
    public void Ten_of_ten_at_chance_is_one_in_1024_one_sided_and_two_in_1024_two_sided()
    {
        Assert.Equal(1.0 / 1024, BinomialTest.PValue(10, 10, 0.5, Alternative.Greater), 15);
        Assert.Equal(2.0 / 1024, BinomialTest.PValue(10, 10), 15);
        Assert.Equal(1, BinomialTest.PValue(10, 10, 0.5, Alternative.Less), 15);
    }

    [Fact]
    public void Seven_of_ten_at_chance()
    {
        Assert.Equal(176.0 / 1024, BinomialTest.PValue(7, 10, 0.5, Alternative.Greater), 14);
        Assert.Equal(352.0 / 1024, BinomialTest.PValue(7, 10), 14);
    }

    [Theory]
    [InlineData(1, 10, 0.3, 0.2995766785, 0.9717524751, 0.1493083459)]
    [InlineData(6, 10, 0.3, 0.0755965123, 0.0473489874, 0.9894079216)]
    [InlineData(60, 100, 0.5, 0.05688793364098079, 0.028443966820490395, 0.9823998998911476)]
    public void Asymmetric_and_larger_cases(int successes, int trials, double p, double twoSided, double greater, double less)
    {
        Assert.Equal(twoSided, BinomialTest.PValue(successes, trials, p), 9);
        Assert.Equal(greater, BinomialTest.PValue(successes, trials, p, Alternative.Greater), 9);
        Assert.Equal(less, BinomialTest.PValue(successes, trials, p, Alternative.Less), 9);
    }

    [Fact]
    public void Exactly_the_expected_count_is_no_evidence()
    {
        Assert.Equal(1, BinomialTest.PValue(5, 10), 12);
    }

    [Fact]
    public void Tiny_p_values_keep_their_digits()
    {
        Assert.Equal(1, BinomialTest.PValue(200, 200, 0.5, Alternative.Greater) / Math.Pow(0.5, 200), 9);
    }

    [Fact]
    public void All_or_nothing_intervals_have_closed_forms()
    {
        // 10 of 10: the lower bound p solves p^10 = 0.025; 0 of 10: the upper bound solves (1 - p)^10 = 0.025.
        var all = BinomialTest.ConfidenceInterval(10, 10);
        var none = BinomialTest.ConfidenceInterval(0, 10);

        Assert.Equal(Math.Pow(0.025, 0.1), all.Lower, 12);
        Assert.Equal(1, all.Upper);
        Assert.Equal(0, none.Lower);
        Assert.Equal(1 - Math.Pow(0.025, 0.1), none.Upper, 12);
    }

    [Theory]
    [InlineData(7, 10)]
    [InlineData(31, 50)]
    [InlineData(1, 40)]
    public void Each_interval_bound_is_where_the_one_sided_test_reaches_the_tail_level(int successes, int trials)
    {
        var (lower, upper) = BinomialTest.ConfidenceInterval(successes, trials, 0.9);

        Assert.Equal(0.05, BinomialTest.PValue(successes, trials, lower, Alternative.Greater), 9);
        Assert.Equal(0.05, BinomialTest.PValue(successes, trials, upper, Alternative.Less), 9);
    }

    [Fact]
    public void Seven_of_ten_matches_r()
    {
        // R 4.x: binom.test(7, 10)$conf.int = 0.3475471 0.9332605.
        var (lower, upper) = BinomialTest.ConfidenceInterval(7, 10);

        Assert.Equal(0.3475471, lower, 7);
        Assert.Equal(0.9332605, upper, 7);
    }

    [Fact]
    public void Impossible_counts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialTest.PValue(11, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialTest.PValue(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialTest.PValue(3, 10, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialTest.ConfidenceInterval(3, 10, 1));
    }
}
