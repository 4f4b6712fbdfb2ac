using MathNet.Numerics.Distributions;

namespace Improv.Music.Statistics;

/// <summary>Which outcomes count as at least as extreme as the observed one.</summary>
public enum Alternative
{
    /// <summary>Both tails: every outcome no more likely than the observed one (R's binom.test).</summary>
    TwoSided,

    /// <summary>The upper tail: the true rate is above the hypothesised one (listeners tell real from generated).</summary>
    Greater,

    /// <summary>The lower tail.</summary>
    Less,
}

/// <summary>The exact binomial test, e.g. for a listening test's identification rate against chance (0.5).</summary>
public static class BinomialTest
{
    // R's binom.test treats outcomes within this relative tolerance of the observed probability as equally likely.
    private const double RelativeTolerance = 1 + 1e-7;

    /// <summary>The p-value of <paramref name="successes"/> in <paramref name="trials"/> under success probability <paramref name="probability"/>.</summary>
    public static double PValue(int successes, int trials, double probability = 0.5, Alternative alternative = Alternative.TwoSided)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (probability is < 0 or > 1 || double.IsNaN(probability))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability lies in 0..1");
        }

        // Tails are summed from the probability mass function, never as 1 - CDF, so tiny p-values keep their digits.
        var observed = Binomial.PMF(probability, trials, successes);
        var pValue = alternative switch
        {
            Alternative.Greater => Sum(probability, trials, successes, trials, _ => true),
            Alternative.Less => Sum(probability, trials, 0, successes, _ => true),
            _ => Sum(probability, trials, 0, trials, mass => mass <= observed * RelativeTolerance),
        };
        return Math.Min(1, pValue);
    }

    /// <summary>
    /// The exact (Clopper-Pearson 1934) confidence interval of the success rate: the rates whose one-sided tests at
    /// (1 - <paramref name="level"/>) / 2 do not reject the observed count, from beta quantiles.
    /// </summary>
    public static (double Lower, double Upper) ConfidenceInterval(int successes, int trials, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (level is <= 0 or >= 1 || double.IsNaN(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "a confidence level lies strictly between 0 and 1");
        }

        var tail = (1 - level) / 2;
        var lower = successes == 0 ? 0 : Beta.InvCDF(successes, trials - successes + 1, tail);
        var upper = successes == trials ? 1 : Beta.InvCDF(successes + 1, trials - successes, 1 - tail);
        return (lower, upper);
    }

    private static double Sum(double probability, int trials, int from, int to, Func<double, bool> counts)
    {
        var sum = 0.0;
        for (var k = from; k <= to; k++)
        {
            var mass = Binomial.PMF(probability, trials, k);
            sum += counts(mass) ? mass : 0;
        }

        return sum;
    }
}
