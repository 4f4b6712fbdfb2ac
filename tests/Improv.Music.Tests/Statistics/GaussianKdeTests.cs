using Improv.Music.Statistics;
using MathNet.Numerics.Distributions;

namespace Improv.Music.Tests.Statistics;

public class GaussianKdeTests
{
    [Fact]
    public void Silverman_bandwidth_of_one_to_ten_matches_the_rule_of_thumb()
    {
        // sd = 3.02765, IQR = 4.5 so IQR/1.34 = 3.358 > sd: h = 0.9 * 3.02765 * 10^-0.2 (R's bw.nrd0(1:10) = 1.719).
        var h = GaussianKde.SilvermanBandwidth([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        Assert.Equal(0.9 * 3.0276503540974917 * Math.Pow(10, -0.2), h, 12);
    }

    [Fact]
    public void Identical_samples_fall_back_to_their_absolute_value_then_one()
    {
        Assert.Equal(0.9 * 2 * Math.Pow(3, -0.2), GaussianKde.SilvermanBandwidth([2, 2, 2]), 12);
        Assert.Equal(0.9 * Math.Pow(3, -0.2), GaussianKde.SilvermanBandwidth([0, 0, 0]), 12);
    }

    [Fact]
    public void The_density_is_the_mean_of_normal_densities_at_the_samples()
    {
        var kde = new GaussianKde([0, 1, 5], bandwidth: 0.7);

        foreach (var x in new[] { -2.0, 0.3, 2.5, 5.0, 9.0 })
        {
            var expected = (Normal.PDF(0, 0.7, x) + Normal.PDF(1, 0.7, x) + Normal.PDF(5, 0.7, x)) / 3;
            Assert.Equal(expected, kde.Density(x), 14);
        }
    }

    [Fact]
    public void The_log_density_stays_finite_where_the_density_underflows()
    {
        var kde = new GaussianKde([0], bandwidth: 1);

        Assert.Equal(0, kde.Density(50));
        Assert.Equal(Normal.PDFLn(0, 1, 50), kde.LogDensity(50), 9);
    }

    [Fact]
    public void The_density_integrates_to_one()
    {
        var kde = new GaussianKde([0.5, 1.5, 1.7, 3.0, 8.0]);

        var area = Enumerable.Range(0, 30001).Select(k => -10 + k * 0.001).Sum(x => kde.Density(x)) * 0.001;

        Assert.Equal(1, area, 6);
    }
}
