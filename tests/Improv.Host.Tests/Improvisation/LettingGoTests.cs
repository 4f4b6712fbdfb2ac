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
        // Three-second answers: long enough that the model surely starts a note in each (it may open with a long rest).
        using var daemon = DaemonProcess.Start("--Improv:Improvisation:Seed=7", "--Improv:Improvisation:MinAnswerSeconds=3",
            "--Improv:Improvisation:MaxAnswerSeconds=3");
        var phrase = PlayerScript.TestSplitPhrase(8);
        var script = new PlayerScript();
        for (var call = 0; call < Calls; call++)
        {
            // Waiting for the answer and 4 s more leaves it ended before the next call. The wait is long because a loaded
            // machine can take seconds to start the first answer.
            script.PlayLettingGoBy(phrase, controller).AwaitAnswer(30).Sleep(4);
        }

        var log = script.Run();

        var callEnds = log.Where(h => h.Sent && h.Bytes[0] == 0xB0 && h.Bytes[1] == controller).Select(h => h.Seconds).ToList();
        Assert.Equal(Calls, callEnds.Count);
        var callStarts = log.Where(h => h.Sent && h.IsNoteOn).Select(h => h.Seconds).ToList();
        var answers = callEnds.Select(end =>
        {
            var nextCall = callStarts.Where(s => s > end).DefaultIfEmpty(double.MaxValue).Min();
            return log.Where(h => !h.Sent && h.IsNoteOn && h.Seconds > end && h.Seconds < nextCall).Select(h => h.Seconds - end).DefaultIfEmpty(double.NaN).Min();
        }).ToList();

        var answered = answers.Count(a => !double.IsNaN(a));
        Assert.True(answered == Calls, $"{answered} of {Calls} calls ending with CC {controller} were answered; " +
            $"calls ended at {string.Join(", ", callEnds.Select(e => $"{e:0.00}"))} s, first answer note after each: " +
            string.Join(", ", answers.Select(a => double.IsNaN(a) ? "none" : $"{a:0.00} s")));
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
