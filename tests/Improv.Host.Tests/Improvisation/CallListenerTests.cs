using Improv.Host.Improvisation;
using Improv.Music.Notes;

namespace Improv.Host.Tests.Improvisation;

/// <summary>Which part a call plays, heard from real POP909 test-split parts and from block chords; the mode controller's ranges.</summary>
public sealed class CallListenerTests
{
    [Theory]
    [InlineData(Part.Lead)]
    [InlineData(Part.Accompaniment)]
    public void ARealSongsPart_ReadsAsThatPart(Part part)
    {
        // POP909's piano parts are mostly chords struck together; a melody is one note at a time.
        var notes = PlayerScript.TestSongs(1)[0].Notes.Where(n => n.Part == part).OrderBy(n => n.Start).Take(60).ToList();

        Assert.Equal(part, CallListener.PartOf(notes));
    }

    [Fact]
    public void BlockChords_ReadAsAccompaniment_UntilANewCall()
    {
        var call = new CallListener();
        Assert.Equal(Part.Lead, call.Strike(0.0, 0));
        call.Strike(0.01, 1);
        Assert.Equal(Part.Accompaniment, call.Strike(0.02, 2));

        call.Reset();

        Assert.Equal(Part.Lead, call.Part);
        Assert.Equal(Part.Lead, call.Strike(1.0, 0));
    }

    [Theory]
    [InlineData(0, ImprovisationMode.CallAndResponse)]
    [InlineData(31, ImprovisationMode.CallAndResponse)]
    [InlineData(32, ImprovisationMode.Accompany)]
    [InlineData(63, ImprovisationMode.Accompany)]
    [InlineData(64, ImprovisationMode.Solo)]
    [InlineData(95, ImprovisationMode.Solo)]
    [InlineData(96, ImprovisationMode.Duet)]
    [InlineData(127, ImprovisationMode.Duet)]
    public void TheModeController_HasFourRanges(int value, ImprovisationMode mode) => Assert.Equal(mode, Improviser.ModeAt(value));
}
