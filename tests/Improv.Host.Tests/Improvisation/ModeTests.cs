using Improv.Music.Notes;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// The modes that take a role, end to end through a real JACK server with an independent RtMidi player and the bundled
/// two-part model: accompany under a real POP909 test melody, solo over its chords, call and response in the part the
/// call played, the mode controller's ranges; and a one-part model refusing a role at start.
/// </summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class ModeTests
{
    /// <summary>How long Accompany and Solo play on after the player's last note in these tests.</summary>
    private const double StopAfterSilence = 1.0;

    /// <summary>
    /// The most a note-on can trail the end of Improv's playing time: it is planned at most PlanAhead (5 ms) ahead and
    /// dropped when the scheduler could send it only more than LateNote (30 ms) late, and JACK adds a period.
    /// </summary>
    private const double SendSlack = 0.25;

    [Theory]
    [InlineData("Accompany", Part.Lead, 2, 1)]
    [InlineData("Solo", Part.Accompaniment, 3, 0)]
    public async Task AccompanyAndSolo_PlayTheirPartAllAlong_AndStopAfterTheSilence(string mode, Part playerPart, int modeGauge, int improvPart)
    {
        // Accompany under a real test melody, solo over the same song's piano part (chords mostly struck together).
        var played = PlayerScript.TestSplitPhrase(playerPart == Part.Lead ? 30 : 40, playerPart);
        using var daemon = DaemonProcess.Start("--mode", mode, "--Improv:Improvisation:Seed=5", "--Improv:Improvisation:Style=pop",
            $"--Improv:Improvisation:StopAfterSilenceMilliseconds={StopAfterSilence * 1000}");

        var log = new PlayerScript().Play(played).Sleep(StopAfterSilence + 2).Run();

        AssertPlaysAlongThenStops(log);
        var scrape = await daemon.ScrapeAsync();
        Assert.Equal(modeGauge, Scrape.Value(scrape, "improv_improvisation_mode"));
        Assert.Equal(improvPart, Scrape.Value(scrape, "improv_improvisation_part"));
    }

    [Fact]
    public async Task CallAndResponse_AnswersInThePartTheCallPlayed()
    {
        using var daemon = DaemonProcess.Start("--Improv:Improvisation:Seed=7", "--Improv:Improvisation:MinAnswerSeconds=1",
            "--Improv:Improvisation:MaxAnswerSeconds=1.5");

        var chordLog = new PlayerScript().Play(BlockChords()).AwaitAnswer(10).Sleep(2.5).Run();
        var afterChords = await daemon.ScrapeAsync();
        var melodyLog = new PlayerScript().Play(PlayerScript.TestSplitPhrase(12, Part.Lead)).AwaitAnswer(10).Sleep(2.5).Run();
        var afterMelody = await daemon.ScrapeAsync();

        Assert.Contains(chordLog, h => !h.Sent && h.IsNoteOn);
        Assert.Contains(melodyLog, h => !h.Sent && h.IsNoteOn);
        ImprovisationTests.AssertEveryNoteEnds(chordLog.Where(h => !h.Sent));
        ImprovisationTests.AssertEveryNoteEnds(melodyLog.Where(h => !h.Sent));
        Assert.Equal(1, Scrape.Value(afterChords, "improv_improvisation_part"));
        Assert.Equal(0, Scrape.Value(afterMelody, "improv_improvisation_part"));
    }

    [Fact]
    public async Task TheModeController_SwitchesByItsRanges_AndEveryNoteImprovStartedEnds()
    {
        using var daemon = DaemonProcess.Start("--mode", "Duet", "--Improv:Improvisation:Seed=3");
        // The player holds a chord all along (its keys stay down across the scripts). Each script lets Improv play,
        // switches the mode while it plays (the change ends Improv's notes) and ends by muting (CC 24), which ends the rest.
        var scripts = new[]
        {
            (Script: new PlayerScript().Send("903c50").Send("904050").Send("904350").Sleep(2).Send("b01728"), Mode: 2),
            (Script: new PlayerScript().Send("b01800").Sleep(1.5).Send("b01750"), Mode: 3),
            (Script: new PlayerScript().Send("b01800").Sleep(1.5).Send("b0170a").Sleep(0.5).Send("b0177f"), Mode: 1),
        };
        var modes = new List<double>();
        var improvNotes = 0;
        foreach (var (script, mode) in scripts)
        {
            var log = script.Sleep(1.5).Send("b0187f").Sleep(0.3).Run();
            var scrape = await daemon.ScrapeUntilAsync(s => Scrape.Value(s, "improv_improvisation_mode") == mode, TimeSpan.FromSeconds(10));
            modes.Add(Scrape.Value(scrape, "improv_improvisation_mode"));
            ImprovisationTests.AssertEveryNoteEnds(log.Where(h => !h.Sent));
            improvNotes += log.Count(h => !h.Sent && h.IsNoteOn);
        }

        Assert.Equal([2, 3, 1], modes);
        Assert.True(improvNotes > 0, "Improv played nothing: the mode changes ended no notes");
    }

    [Fact]
    public void AOnePartModel_RefusesAccompanyAndSolo_SayingWhy()
    {
        foreach (var mode in new[] { "Accompany", "Solo" })
        {
            var (exitCode, output) = DaemonProcess.RunToEnd("run", "--mode", mode, $"--Improv:Improvisation:Model={PlayerScript.V1Model}",
                "--metrics-port", DaemonProcess.FreePort().ToString());

            Assert.Equal(1, exitCode);
            Assert.Contains($"Improv:Improvisation:Mode {mode}", output);
            Assert.Contains("performance-v1 has no accompaniment part", output);
        }
    }

    /// <summary>
    /// Improv started notes while the player played, in the first and the second half of the part, started none once
    /// the player had been silent longer than the setting, and ended every note it started.
    /// </summary>
    private static void AssertPlaysAlongThenStops(IReadOnlyList<Heard> log)
    {
        var played = log.Where(h => h.Sent).ToList();
        var (first, last) = (played.Min(h => h.Seconds), played.Max(h => h.Seconds));
        var middle = (first + last) / 2;
        var improv = log.Where(h => !h.Sent).ToList();
        Assert.Contains(improv, h => h.IsNoteOn && h.Seconds >= first && h.Seconds < middle);
        Assert.Contains(improv, h => h.IsNoteOn && h.Seconds >= middle && h.Seconds <= last);
        var stop = last + StopAfterSilence + SendSlack;
        Assert.DoesNotContain(improv, h => h.IsNoteOn && h.Seconds > stop);
        ImprovisationTests.AssertEveryNoteEnds(improv);
    }

    /// <summary>Four block chords (C, F, G, C), half a second each: a call that reads as an accompaniment.</summary>
    private static IReadOnlyList<Note> BlockChords() =>
    [
        .. new[] { new[] { 48, 52, 55 }, [53, 57, 60], [55, 59, 62], [48, 52, 55] }
            .SelectMany((chord, i) => chord.Select(pitch => new Note(pitch, 80, i * 0.5, i * 0.5 + 0.45, Part.Accompaniment))),
    ];
}
