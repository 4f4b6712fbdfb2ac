using MathNet.Numerics.Statistics;

namespace Improv.Music.Statistics;

/// <summary>
/// A one-dimensional Gaussian kernel density estimate, by default with Silverman's rule-of-thumb bandwidth.
/// Hand-written rather than MathNet's KernelDensity because the KL divergence needs log densities that stay
/// finite far in the tails, where a plain density underflows to 0.
/// </summary>
public sealed class GaussianKde
{
    // Kernel terms more than this many nats below the largest one change the sum by less than 1e-17 each.
    private const double NegligibleNats = 40;

    private readonly double[] _samples;
    private readonly double _logNormaliser;

    public GaussianKde(IEnumerable<double> samples, double? bandwidth = null)
    {
        _samples = samples.Order().ToArray();
        if (_samples.Length == 0)
        {
            throw new ArgumentException("a density estimate needs at least one sample", nameof(samples));
        }

        Bandwidth = bandwidth ?? SilvermanBandwidth(_samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Bandwidth, nameof(bandwidth));
        _logNormaliser = Math.Log(_samples.Length * Bandwidth * Math.Sqrt(2 * Math.PI));
    }

    public double Bandwidth { get; }

    /// <summary>The samples, in ascending order.</summary>
    public IReadOnlyList<double> Samples => _samples;

    /// <summary>
    /// Silverman (1986, eq. 3.31): 0.9 min(sd, IQR/1.34) n^(-1/5), with R's bw.nrd0 fallbacks when that spread is 0
    /// (the sd, then |first sample|, then 1), so a set of identical distances still gets a usable density.
    /// </summary>
    public static double SilvermanBandwidth(IReadOnlyList<double> samples)
    {
        var sd = samples.Count > 1 ? samples.StandardDeviation() : 0;
        var iqr = samples.QuantileCustom(0.75, QuantileDefinition.R7) - samples.QuantileCustom(0.25, QuantileDefinition.R7);
        var spread = Math.Min(sd, iqr / 1.34);
        spread = spread > 0 ? spread : sd > 0 ? sd : samples[0] != 0 ? Math.Abs(samples[0]) : 1;
        return 0.9 * spread * Math.Pow(samples.Count, -0.2);
    }

    /// <summary>The natural log of the density at <paramref name="x"/>, by log-sum-exp over the kernels near it.</summary>
    public double LogDensity(double x)
    {
        var nearest = Array.BinarySearch(_samples, x);
        nearest = nearest >= 0 ? nearest : Nearest(~nearest, x);
        var top = Exponent(x, _samples[nearest]);
        var sum = 0.0;
        for (var i = nearest; i < _samples.Length; i++)
        {
            var below = top - Exponent(x, _samples[i]);
            if (below > NegligibleNats)
            {
                break;
            }

            sum += Math.Exp(-below);
        }

        for (var i = nearest - 1; i >= 0; i--)
        {
            var below = top - Exponent(x, _samples[i]);
            if (below > NegligibleNats)
            {
                break;
            }

            sum += Math.Exp(-below);
        }

        return top + Math.Log(sum) - _logNormaliser;
    }

    public double Density(double x) => Math.Exp(LogDensity(x));

    private int Nearest(int insertion, double x) =>
        insertion == 0 ? 0
        : insertion == _samples.Length ? insertion - 1
        : x - _samples[insertion - 1] <= _samples[insertion] - x ? insertion - 1 : insertion;

    private double Exponent(double x, double sample)
    {
        var z = (x - sample) / Bandwidth;
        return -0.5 * z * z;
    }
}
