namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// Every way a player lets go ends the call: a DAW's transport stop sends All Notes Off (CC 123), All Sound Off (CC 120)
/// or Reset All Controllers (CC 121) on every channel instead of a note-off per held key. End to end through JACK, a
/// player (an independent RtMidi client) ends three calls in a row that way; each must be answered.
/// </summary>
[Collection(JackCollection.Name)]
public sealed class LettingGoTests
{
    private const int Calls = 3;

    [Theory]
    [InlineData(123)]
    [InlineData(120)]
    [InlineData(121)]
    public void CallsEndingWithAChannelModeMessageOnEveryChannel_AreEachAnswered(int controller)
    {
        using var daemon = DaemonProcess.Start("--Improv:Improvisation:Seed=7", "--Improv:Improvisation:MinAnswerSeconds=1",
            "--Improv:Improvisation:MaxAnswerSeconds=1");
        var phrase = PlayerScript.TestSplitPhrase(8);
        var script = new PlayerScript();
        for (var call = 0; call < Calls; call++)
        {
            // The answer lasts one second; waiting for it and 2 s more leaves it ended before the next call.
            script.PlayLettingGoBy(phrase, controller).AwaitAnswer(10).Sleep(2);
        }

        var log = script.Run();

        var callEnds = log.Where(h => h.Sent && h.Bytes[0] == 0xB0 && h.Bytes[1] == controller).Select(h => h.Seconds).ToList();
        Assert.Equal(Calls, callEnds.Count);
        var callStarts = log.Where(h => h.Sent && h.IsNoteOn).Select(h => h.Seconds).ToList();
        var answered = 0;
        foreach (var end in callEnds)
        {
            var nextCall = callStarts.Where(s => s > end).DefaultIfEmpty(double.MaxValue).Min();
            if (log.Any(h => !h.Sent && h.IsNoteOn && h.Seconds > end && h.Seconds < nextCall))
            {
                answered++;
            }
        }

        Assert.True(answered == Calls, $"{answered} of {Calls} calls ending with CC {controller} were answered");
    }

    [Fact]
    public void ThePanicControllerStopsAnAnswerInProgress_AndTheNextCallIsAnswered()
    {
        using var daemon = DaemonProcess.Start("--Improv:Improvisation:Seed=11", "--Improv:Improvisation:MinAnswerSeconds=20",
            "--Improv:Improvisation:MaxAnswerSeconds=30");
        var phrase = PlayerScript.TestSplitPhrase(8);

        var log = new PlayerScript().Play(phrase).AwaitAnswer(10).Sleep(0.5).Send("b07b00").Sleep(2)
            .Play(phrase).AwaitAnswer(10).Sleep(0.5).Run();

        var panic = log.Single(h => h.Sent && h.Bytes[0] == 0xB0).Seconds;
        var secondCall = log.Where(h => h.Sent && h.IsNoteOn && h.Seconds > panic).Min(h => h.Seconds);
        var answer = log.Where(h => !h.Sent && h.Seconds < secondCall).ToList();
        Assert.Contains(answer, h => h.IsNoteOn && h.Seconds < panic);
        // The answer stops: every note it started ends, All Notes Off follows, and nothing starts until the next call.
        Assert.DoesNotContain(answer, h => h.IsNoteOn && h.Seconds > panic + 0.25);
        Assert.Contains(answer, h => h.Seconds > panic && h.Bytes[0] == 0xB0 && h.Bytes[1] == 123);
        var sounding = new HashSet<int>();
        foreach (var h in answer)
        {
            if (h.IsNoteOn)
            {
                sounding.Add(h.Key);
            }
            else if (h.IsNoteOff)
            {
                sounding.Remove(h.Key);
            }
        }

        Assert.Empty(sounding);
        // Improv knows its notes ended: the next answer starts no note that it then never ends, and sends no stale note-off.
        Assert.Contains(log, h => !h.Sent && h.IsNoteOn && h.Seconds > secondCall);
    }
}
