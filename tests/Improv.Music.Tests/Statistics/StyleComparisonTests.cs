using Improv.Music.Notes;
using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

public class StyleComparisonTests
{
    [Fact]
    public void Intra_set_distances_are_every_distinct_pair_once()
    {
        double[][] features = [[0], [3], [7]];

        Assert.Equal([3, 7, 4], StyleComparison.IntraSet(features));
    }

    [Fact]
    public void Inter_set_distances_are_euclidean_between_every_cross_pair()
    {
        double[][] a = [[0, 0], [1, 1]];
        double[][] b = [[3, 4]];

        Assert.Equal([5, Math.Sqrt(4 + 9)], StyleComparison.InterSet(a, b));
    }

    [Fact]
    public void Music_from_the_same_source_overlaps_far_more_than_music_in_another_style()
    {
        var random = new Random(11);
        var reference = Sequences(random, 30, low: 55, high: 79, loud: 70, noteSeconds: 0.4);
        var alike = Sequences(random, 30, low: 55, high: 79, loud: 70, noteSeconds: 0.4);
        var unlike = Sequences(random, 30, low: 30, high: 100, loud: 115, noteSeconds: 0.05);

        var same = StyleComparison.Compare(reference, alike).ToDictionary(c => c.Feature);
        var other = StyleComparison.Compare(reference, unlike).ToDictionary(c => c.Feature);

        Assert.Equal(StyleFeatures.All, same.Keys);
        foreach (var feature in new[] { StyleFeature.PitchRange, StyleFeature.MeanNoteLength, StyleFeature.MeanVelocity })
        {
            Assert.InRange(same[feature].ReferenceToInter.OverlapArea, 0.7, 1);
            Assert.InRange(other[feature].ReferenceToInter.OverlapArea, 0, 0.3);
            Assert.True(other[feature].ReferenceToInter.KullbackLeibler > same[feature].ReferenceToInter.KullbackLeibler + 1, $"{feature}: KL {other[feature].ReferenceToInter.KullbackLeibler} vs {same[feature].ReferenceToInter.KullbackLeibler}");
            Assert.True(other[feature].Inter.Mean > same[feature].Inter.Mean);
        }
    }

    [Fact]
    public void A_set_of_identical_sequences_is_still_compared_with_finite_numbers()
    {
        // Every intra-set distance of the copies is 0: Silverman's bandwidth alone would make a spike no grid resolves.
        var copies = Enumerable.Repeat(Sequences(new Random(3), 1, 60, 72, 80, 0.3)[0], 6).ToArray();
        var varied = Sequences(new Random(4), 6, 48, 84, 80, 0.3);

        foreach (var comparison in StyleComparison.Compare(copies, varied))
        {
            Assert.Equal(0, comparison.IntraReference.Mean);
            Assert.InRange(comparison.ReferenceToInter.OverlapArea, 0, 1.001);
            Assert.True(double.IsFinite(comparison.ReferenceToInter.KullbackLeibler), $"{comparison.Feature}");
        }
    }

    [Fact]
    public void A_set_of_one_has_no_intra_set_distances()
    {
        var one = new[] { new Note(60, 80, 0, 1), new Note(62, 80, 1, 2) };

        Assert.Throws<ArgumentException>(() => StyleComparison.Compare([one], [one, one]));
    }

    private static IReadOnlyCollection<Note>[] Sequences(Random random, int count, int low, int high, int loud, double noteSeconds) =>
        Enumerable.Range(0, count).Select(_ => (IReadOnlyCollection<Note>)Enumerable.Range(0, 40).Select(i =>
        {
            var start = i * noteSeconds;
            var length = noteSeconds * (0.8 + 0.4 * random.NextDouble());
            return new Note(random.Next(low, high + 1), Math.Clamp(loud + random.Next(-8, 9), 1, 127), start, start + length);
        }).ToArray()).ToArray();
}
