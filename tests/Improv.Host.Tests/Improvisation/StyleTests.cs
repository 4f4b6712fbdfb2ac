using Improv.Music.Corpus;
using Improv.Music.Notes;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// Style live, end to end through a real JACK server with an independent RtMidi player and the bundled model: the style
/// controller steps through the manifest's styles and Auto, the gauge shows the style in force, and Auto names a style
/// from the player's playing.
/// </summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class StyleTests
{
    [Fact]
    public async Task TheStyleController_StepsThroughTheStylesAndAuto_AndTheGaugeShowsTheStyleInForce()
    {
        using var daemon = DaemonProcess.Start("--Improv:Improvisation:Seed=4");
        string[] styles = ["any", "pop", "classical", "jazz", "chorale"];
        var shown = new List<string>();
        for (var i = 0; i <= styles.Length; i++)
        {
            // Each of the six equal shares of CC 26's range, from its middle.
            var value = (2 * i + 1) * 128 / 12;
            new PlayerScript().Send($"b01a{value:x2}").Sleep(0.2).Run();
            var auto = i == styles.Length;
            var expected = auto ? styles[^1] : styles[i];
            var scrape = await daemon.ScrapeUntilAsync(
                s => s.Contains($"style=\"{expected}\"") && s.Contains($"auto=\"{(auto ? "true" : "false")}\""), TimeSpan.FromSeconds(10));
            shown.Add(Scrape.Value(scrape, "improv_improvisation_style", $"style=\"{expected}\"") == 1 ? expected : "?");
        }

        // Auto keeps the style in force until it has judged the player's.
        Assert.Equal([.. styles, "chorale"], shown);
    }

    [Fact]
    public async Task StyleAuto_NamesTheStyleOfWhatThePlayerPlays()
    {
        // A jazz solo from the Weimar Jazz Database's test split: 15 s of it, enough for the 12 s window.
        var solo = CorpusSet.Load(Path.Combine(PlayerScript.Repository, "data", "weimar-jazz"), TextWriter.Null)
            .Corpora[0].Splits[Split.Test].First(s => s.Notes.Count > 40).Notes;
        var start = solo.Min(n => n.Start);
        var phrase = solo.Where(n => n.Start < start + 15).Select(n => n with { Start = n.Start - start, End = n.End - start }).ToList();
        using var daemon = DaemonProcess.Start("--Improv:Improvisation:Style=Auto", "--Improv:Improvisation:Seed=8",
            "--Improv:Improvisation:MinAnswerSeconds=1", "--Improv:Improvisation:MaxAnswerSeconds=1");

        var before = await daemon.ScrapeAsync();
        new PlayerScript().Play(phrase).Sleep(1).Run();
        var after = await daemon.ScrapeUntilAsync(s => !s.Contains("style=\"any\""), TimeSpan.FromSeconds(30));

        Assert.Equal(1, Scrape.Value(before, "improv_improvisation_style", "style=\"any\"", "auto=\"true\""));
        Assert.Equal(1, Scrape.Value(after, "improv_improvisation_style", "style=\"jazz\"", "auto=\"true\""));
    }

    [Fact]
    public void AOnePartModel_RefusesStyleAuto_SayingWhy()
    {
        var (exitCode, output) = DaemonProcess.RunToEnd("run", "--Improv:Improvisation:Style=Auto", $"--Improv:Improvisation:Model={PlayerScript.V1Model}",
            "--metrics-port", DaemonProcess.FreePort().ToString());

        Assert.Equal(1, exitCode);
        Assert.Contains("Improv:Improvisation:Style Auto: the model's vocabulary performance-v1 has no styles to choose from", output);
    }
}
