using Improv.Music.Notes;
using MathNet.Numerics;
using MathNet.Numerics.Statistics;

namespace Improv.Music.Statistics;

/// <summary>Mean and standard deviation of a set of feature distances.</summary>
public readonly record struct DistanceSummary(double Mean, double StandardDeviation)
{
    public static DistanceSummary Of(IReadOnlyList<double> distances) =>
        new(distances.Mean(), distances.Count > 1 ? distances.StandardDeviation() : 0);
}

/// <summary>
/// One feature of a Yang-and-Lerch comparison: distances within the reference set, within the generated set and
/// between the two, and how far each within-set distance density lies from the between-set one. Generated music in
/// the reference's style has <see cref="ReferenceToInter"/> with an overlap near 1 and a KL near 0.
/// </summary>
public sealed record FeatureComparison(
    StyleFeature Feature,
    DistanceSummary IntraReference,
    DistanceSummary IntraGenerated,
    DistanceSummary Inter,
    DensityComparison ReferenceToInter,
    DensityComparison GeneratedToInter);

/// <summary>
/// mgeval's absolute and relative measurement (Yang and Lerch 2018): per feature, Euclidean distances between all
/// pairs within each set (intra-set) and across the sets (inter-set), smoothed by Gaussian KDE, then compared by
/// KL(intra || inter) and their overlapping area.
/// </summary>
public static class StyleComparison
{
    // A set of (near-)identical sequences has distances equal up to rounding and a Silverman bandwidth near 0: a spike
    // no integration grid resolves. Each density's bandwidth is kept to at least this share of the widest one.
    private const double NarrowestBandwidth = 0.05;

    /// <summary>Compares every <see cref="StyleFeature"/>; each set needs at least 2 sequences of at least 2 notes.</summary>
    public static IReadOnlyList<FeatureComparison> Compare(IReadOnlyList<IReadOnlyCollection<Note>> reference, IReadOnlyList<IReadOnlyCollection<Note>> generated)
    {
        if (reference.Count < 2 || generated.Count < 2)
        {
            throw new ArgumentException($"intra-set distances need at least 2 sequences per set: got {reference.Count} reference and {generated.Count} generated");
        }

        return StyleFeatures.All.Select(feature => Compare(
            feature,
            reference.Select(notes => StyleFeatures.Of(feature, notes)).ToArray(),
            generated.Select(notes => StyleFeatures.Of(feature, notes)).ToArray())).ToArray();
    }

    /// <summary>The comparison of one feature from its vectors per sequence.</summary>
    public static FeatureComparison Compare(StyleFeature feature, IReadOnlyList<double[]> reference, IReadOnlyList<double[]> generated)
    {
        var intraReference = IntraSet(reference);
        var intraGenerated = IntraSet(generated);
        var inter = InterSet(reference, generated);
        var floor = NarrowestBandwidth * new[] { intraReference, intraGenerated, inter }.Max(GaussianKde.SilvermanBandwidth);
        var interDensity = Density(inter, floor);
        return new FeatureComparison(
            feature,
            DistanceSummary.Of(intraReference),
            DistanceSummary.Of(intraGenerated),
            DistanceSummary.Of(inter),
            DensityComparison.Of(Density(intraReference, floor), interDensity),
            DensityComparison.Of(Density(intraGenerated, floor), interDensity));
    }

    private static GaussianKde Density(double[] distances, double floor) =>
        new(distances, Math.Max(GaussianKde.SilvermanBandwidth(distances), floor));

    /// <summary>Euclidean distances between every pair of distinct sequences of one set.</summary>
    public static double[] IntraSet(IReadOnlyList<double[]> features)
    {
        var distances = new List<double>(features.Count * (features.Count - 1) / 2);
        for (var i = 0; i < features.Count; i++)
        {
            for (var j = i + 1; j < features.Count; j++)
            {
                distances.Add(Distance.Euclidean(features[i], features[j]));
            }
        }

        return [.. distances];
    }

    /// <summary>Euclidean distances between every sequence of one set and every sequence of the other.</summary>
    public static double[] InterSet(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b) =>
        a.SelectMany(x => b.Select(y => Distance.Euclidean(x, y))).ToArray();
}
