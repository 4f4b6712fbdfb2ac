using Xunit.Abstractions;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// Clock following end to end through a real JACK server: the player sends MIDI clock (Start, then 24 pulses a quarter
/// note) and a phrase; with onset snapping on, the answer's note-ons fall on the sixteenth-note grid of that clock.
/// </summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class ClockFollowingTests(ITestOutputHelper output)
{
    private const double BeatsPerMinute = 120;
    private const int PulsesPerSixteenth = 6;

    /// <summary>The dummy back end's period, as the test fixture starts jackd: 64 frames at 48 kHz.</summary>
    private const double JackPeriodSeconds = 64 / 48000.0;

    /// <summary>
    /// Pulse and note reach the player through the same JACK cycles, but the daemon's grid can be a period off (it heard
    /// the pulses a cycle late), the note can leave a cycle later than the pulse, and the player polls: three periods.
    /// </summary>
    private const double Tolerance = 3 * JackPeriodSeconds;

    [Fact]
    public void WithSnappingOn_TheAnswersOnsetsFallOnTheClocksGrid()
    {
        var onGrid = OnsetsOnGrid("Sixteenth");
        Assert.True(onGrid.Total >= 4, $"only {onGrid.Total} onsets in the answer");
        // On a quiet machine nearly all are; with the cores oversubscribed (load 11 on 2) about half were.
        Assert.True(onGrid.Within >= 0.4 * onGrid.Total, $"{onGrid.Within} of {onGrid.Total} onsets within {Tolerance * 1000:0.0} ms of a sixteenth");
    }

    [Fact]
    public void WithSnappingOff_TheOnsetsDoNotFollowTheGrid()
    {
        var onGrid = OnsetsOnGrid("Off");
        Assert.True(onGrid.Total >= 4, $"only {onGrid.Total} onsets in the answer");
        // By chance about 2 x 4 ms in 125 ms, 6 %, land near a grid point.
        Assert.True(onGrid.Within <= 0.25 * onGrid.Total, $"{onGrid.Within} of {onGrid.Total} onsets within {Tolerance * 1000:0.0} ms of a sixteenth");
    }

    private (int Within, int Total) OnsetsOnGrid(string snap)
    {
        using var daemon = DaemonProcess.Start("--Improv:Improvisation:Seed=5", $"--Improv:Improvisation:SnapToBeat={snap}",
            "--Improv:Improvisation:MinAnswerSeconds=3", "--Improv:Improvisation:MaxAnswerSeconds=3");

        // A second of clock first: the tempo is known after one quarter note. The player hears its own clock through JACK
        // too, so pulse and answer are timed alike: a JACK cycle that comes late delays both.
        var log = new PlayerScript().Loopback().Clock(BeatsPerMinute).Sleep(1).Play(PlayerScript.TestSplitPhrase(12))
            .AwaitAnswer(10).Sleep(4).Run();

        var grid = log.Where(h => !h.Sent && h.Bytes[0] == 0xF8).Where((_, index) => index % PulsesPerSixteenth == 0).Select(h => h.Seconds).ToList();
        // The player's own notes come back too: the answer is what arrives after the call ended.
        var callEnded = log.Where(h => h.Sent && (h.IsNoteOn || h.IsNoteOff)).Max(h => h.Seconds) + 0.1;
        // A chord is one onset: its notes would count one placement several times.
        var onsets = log.Where(h => !h.Sent && h.IsNoteOn && h.Seconds > callEnded).Select(h => h.Seconds)
            .Aggregate(new List<double>(), (distinct, onset) =>
            {
                if (distinct.Count == 0 || onset - distinct[^1] > JackPeriodSeconds)
                {
                    distinct.Add(onset);
                }

                return distinct;
            });
        var offsets = onsets.Select(onset => grid.Select(point => onset - point).MinBy(Math.Abs)).ToList();
        output.WriteLine($"snap {snap}: {grid.Count} sixteenths heard; onset - nearest sixteenth (ms): " +
            string.Join(' ', offsets.Select(o => (o * 1000).ToString("0.0"))));
        return (offsets.Count(o => Math.Abs(o) <= Tolerance), offsets.Count);
    }
}
