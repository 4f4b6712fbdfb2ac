using Improv.Host.Improvisation;
using Improv.Music.Notes;
using Improv.Music.Theory;
using Improv.Music.Tokens;

namespace Improv.Host.Tests.Improvisation;

public class SteeringMaskTests
{
    private static double[] Silence() => Enumerable.Repeat(double.NaN, Vocabulary.PitchCount).ToArray();

    [Fact]
    public void NoteOnsStayInsideTheRangeAndTheKey()
    {
        Assert.True(Scale.TryParse("D minor", out var dMinor, out _));
        var steering = new Steering { Scale = dMinor, LowestPitch = 50, HighestPitch = 70 };
        var mask = new SteeringMask(TokenVocabulary.PerformanceV1, Part.Lead).Build(steering, Silence(), 0, now: 1.0).ToArray();

        var playable = Enumerable.Range(0, 128).Where(p => mask[Vocabulary.NoteOn(p)]).ToArray();
        Assert.Equal(Enumerable.Range(50, 21).Where(dMinor.Contains).ToArray(), playable);
        Assert.False(mask[Vocabulary.StartToken]);
        Assert.False(mask[Vocabulary.EndToken]);
        Assert.True(mask[Vocabulary.TimeShift(1)] && mask[Vocabulary.TimeShift(100)] && mask[Vocabulary.Velocity(31)]);
    }

    [Fact]
    public void OnlySoundingNotesOldEnoughCanBeReleased()
    {
        var sounding = Silence();
        sounding[60] = 0.0;
        sounding[64] = 0.99;
        var mask = new SteeringMask(TokenVocabulary.PerformanceV1, Part.Lead).Build(new Steering { MinNoteSeconds = 0.05 }, sounding, 2, now: 1.0).ToArray();

        var releasable = Enumerable.Range(0, 128).Where(p => mask[Vocabulary.NoteOff(p)]).ToArray();
        Assert.Equal(new[] { 60 }, releasable);
        Assert.False(mask[Vocabulary.NoteOn(60)]);
    }

    [Fact]
    public void AFullHandPlaysNoNewNote()
    {
        var sounding = Silence();
        sounding[60] = sounding[64] = 0.0;
        var mask = new SteeringMask(TokenVocabulary.PerformanceV1, Part.Lead).Build(new Steering { MaxPolyphony = 2 }, sounding, 2, now: 1.0).ToArray();

        Assert.DoesNotContain(Enumerable.Range(0, 128), p => mask[Vocabulary.NoteOn(p)]);
        Assert.True(mask[Vocabulary.NoteOff(60)]);
    }
}
