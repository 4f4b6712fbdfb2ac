using Improv.Music.Notes;
using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

public class StyleFeaturesTests
{
    // C4 and E4 together at 0, G4 at 0.5, C5 at 1.5, listed out of order.
    private static readonly Note[] Phrase =
    [
        new(72, 40, 1.5, 2.5), new(64, 80, 0, 1), new(60, 100, 0, 0.5), new(67, 60, 0.5, 1.0),
    ];

    [Theory]
    [InlineData(StyleFeature.PitchCount, 4)]
    [InlineData(StyleFeature.PitchRange, 12)]
    [InlineData(StyleFeature.MeanPitchInterval, (4 + 3 + 5) / 3.0)] // onset order C4 E4 G4 C5
    [InlineData(StyleFeature.MeanInterOnsetInterval, (0 + 0.5 + 1.0) / 3)]
    [InlineData(StyleFeature.MeanNoteLength, (1 + 1 + 0.5 + 0.5) / 4)]
    [InlineData(StyleFeature.MeanVelocity, (40 + 80 + 100 + 60) / 4.0)]
    public void Scalar_features_of_a_small_phrase(StyleFeature feature, double expected)
    {
        Assert.Equal([expected], StyleFeatures.Of(feature, Phrase));
    }

    [Fact]
    public void The_pitch_class_histogram_counts_notes()
    {
        var histogram = StyleFeatures.Of(StyleFeature.PitchClassHistogram, Phrase);

        Assert.Equal([0.5, 0, 0, 0, 0.25, 0, 0, 0.25, 0, 0, 0, 0], histogram);
    }

    [Fact]
    public void Repeated_pitches_count_once()
    {
        var notes = new[] { new Note(60, 80, 0, 1), new Note(60, 80, 1, 2), new Note(62, 80, 2, 3) };

        Assert.Equal([2.0], StyleFeatures.Of(StyleFeature.PitchCount, notes));
    }

    [Fact]
    public void One_note_has_no_intervals_and_is_refused_with_the_feature_named()
    {
        var error = Assert.Throws<ArgumentException>(() => StyleFeatures.Of(StyleFeature.MeanPitchInterval, [new Note(60, 80, 0, 1)]));

        Assert.Contains("MeanPitchInterval needs a sequence of at least 2 notes, got 1", error.Message);
    }
}
