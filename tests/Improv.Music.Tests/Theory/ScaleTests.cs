using Improv.Music.Theory;

namespace Improv.Music.Tests.Theory;

public class ScaleTests
{
    [Theory]
    [InlineData("C major", new[] { 60, 62, 64, 65, 67, 69, 71 }, new[] { 61, 63, 66, 68, 70 })]
    [InlineData("A minor", new[] { 57, 59, 60, 62, 64, 65, 67 }, new[] { 58, 61, 66 })]
    [InlineData("Bb blues", new[] { 58, 61, 63, 64, 65, 68 }, new[] { 59, 60, 62 })]
    [InlineData("f# dorian", new[] { 54, 56, 57, 59, 61, 63, 64 }, new[] { 55, 58, 60 })]
    public void ContainsExactlyTheModesPitchClassesInEveryOctave(string name, int[] inside, int[] outside)
    {
        Assert.True(Scale.TryParse(name, out var scale, out var error), error);
        foreach (var octave in new[] { -24, 0, 36 })
        {
            Assert.All(inside, pitch => Assert.True(scale.Contains(pitch + octave), $"{name} should contain {pitch + octave}"));
            Assert.All(outside, pitch => Assert.False(scale.Contains(pitch + octave), $"{name} should not contain {pitch + octave}"));
        }
    }

    [Theory]
    [InlineData("H major", "'H' is not a tonic")]
    [InlineData("C majestic", "'majestic' is not a mode")]
    [InlineData("major", "is not a scale")]
    [InlineData("Cx minor", "'Cx' is not a tonic")]
    public void BadNamesSayWhatIsWrong(string name, string message)
    {
        Assert.False(Scale.TryParse(name, out _, out var error));
        Assert.Contains(message, error);
    }
}
