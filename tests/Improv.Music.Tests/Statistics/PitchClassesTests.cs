using Improv.Music.Notes;
using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

public class PitchClassesTests
{
    [Fact]
    public void Entropy_of_all_twelve_pitch_classes_once_is_log2_12()
    {
        var chromatic = Enumerable.Range(60, 12).Select((pitch, i) => new Note(pitch, 80, i, i + 1)).ToArray();

        var entropy = PitchClasses.EntropyBits(PitchClasses.Histogram(chromatic));

        Assert.Equal(Math.Log2(12), entropy, 12);
    }

    [Fact]
    public void Entropy_of_one_pitch_class_in_many_octaves_is_zero()
    {
        var octaves = new[] { 36, 48, 60, 72 }.Select(pitch => new Note(pitch, 80, 0, 1)).ToArray();

        Assert.Equal(0, PitchClasses.EntropyBits(PitchClasses.Histogram(octaves)), 12);
    }

    [Fact]
    public void Entropy_of_two_equally_likely_classes_is_one_bit_whatever_the_scale_of_the_counts()
    {
        Assert.Equal(1, PitchClasses.EntropyBits([3, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]), 12);
    }

    [Fact]
    public void Duration_weighting_counts_seconds_not_notes()
    {
        var notes = new[] { new Note(60, 80, 0, 3), new Note(62, 80, 3, 3.5), new Note(62, 80, 3.5, 4) };

        var byDuration = PitchClasses.Histogram(notes, PitchClassWeighting.Duration);
        var byCount = PitchClasses.Histogram(notes);

        Assert.Equal(0.75, byDuration[0], 12);
        Assert.Equal(0.25, byDuration[2], 12);
        Assert.Equal(1.0 / 3, byCount[0], 12);
        Assert.Equal(2.0 / 3, byCount[2], 12);
    }

    [Fact]
    public void In_scale_ratio_counts_notes_whose_class_the_mask_holds()
    {
        const int cMajor = 0b1010_1011_0101;
        var notes = new[] { 60, 62, 64, 61, 66, 72 }.Select(pitch => new Note(pitch, 80, 0, 1)).ToArray();

        Assert.Equal(4.0 / 6, PitchClasses.InScaleRatio(notes, cMajor), 12);
        Assert.Equal(0, PitchClasses.InScaleRatio([], cMajor));
    }
}
