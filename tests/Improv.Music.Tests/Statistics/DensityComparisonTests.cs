using Improv.Music.Statistics;
using MathNet.Numerics;

namespace Improv.Music.Tests.Statistics;

public class DensityComparisonTests
{
    private static readonly double[] Distances = [0.3, 0.9, 1.1, 1.4, 2.2, 2.6, 3.9, 4.0, 5.5];

    [Fact]
    public void Identical_densities_overlap_fully_and_diverge_by_nothing()
    {
        var p = new GaussianKde(Distances);
        var q = new GaussianKde(Distances);

        Assert.Equal(1, DensityComparison.Of(p, q).OverlapArea, 3);
        Assert.Equal(0, DensityComparison.Of(p, q).KullbackLeibler, 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Two_unit_normals_a_distance_d_apart_match_the_closed_forms(double d)
    {
        // One sample each with bandwidth 1 is N(0,1) against N(d,1): OA = erfc(d / (2 sqrt 2)), KL = d^2 / 2.
        var p = new GaussianKde([0], bandwidth: 1);
        var q = new GaussianKde([d], bandwidth: 1);

        Assert.Equal(SpecialFunctions.Erfc(d / (2 * Math.Sqrt(2))), DensityComparison.Of(p, q).OverlapArea, 3);
        Assert.Equal(d * d / 2, DensityComparison.Of(p, q).KullbackLeibler, 3);
    }

    [Fact]
    public void Far_apart_densities_barely_overlap_and_diverge_a_lot()
    {
        var p = new GaussianKde(Distances);
        var q = new GaussianKde(Distances.Select(x => x + 40));

        Assert.True(DensityComparison.Of(p, q).OverlapArea < 1e-6);
        Assert.True(double.IsFinite(DensityComparison.Of(p, q).KullbackLeibler));
        Assert.True(DensityComparison.Of(p, q).KullbackLeibler > 50);
    }

    [Fact]
    public void A_narrow_density_on_a_wide_grid_is_still_integrated()
    {
        // Bandwidth 0.001 over a 100-wide span: a fixed 1001-point grid would step over the kernel.
        var p = new GaussianKde([0], bandwidth: 0.001);
        var q = new GaussianKde([100], bandwidth: 0.001);

        Assert.Equal(1, DensityComparison.Of(p, p).OverlapArea, 3);
        Assert.Equal(0, DensityComparison.Of(p, q).OverlapArea, 6);
    }
}
