using MathNet.Numerics.Statistics;

namespace Improv.Evaluation.Report;

/// <summary>How a measure spreads over the samples of a set: mean, 10th percentile, median, 90th percentile.</summary>
public sealed record Spread(double Mean, double P10, double Median, double P90, int Count)
{
    /// <summary>Over the finite values (a measure undefined for a sample, e.g. no key, is left out and not counted).</summary>
    public static Spread Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length == 0
            ? new Spread(double.NaN, double.NaN, double.NaN, double.NaN, 0)
            : new Spread(finite.Mean(), finite.Quantile(0.1), finite.Median(), finite.Quantile(0.9), finite.Length);
    }
}
