namespace Improv.Host.Tests.Improvisation;

/// <summary>Changing the model while the daemon runs: a bad model is refused, a good one takes over, the music goes on.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class ModelSwapTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("improv-model-swap-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ABadModelIsRefusedAndAGoodOneTakesOver()
    {
        var manifest = CopyDefaultModel();
        var good = File.ReadAllText(manifest);
        using var daemon = DaemonProcess.Start($"--Improv:Improvisation:Model={folder}", "--Improv:Improvisation:Seed=2",
            "--Improv:Improvisation:MaxAnswerSeconds=2");

        File.WriteAllText(manifest, good.Replace("\"performance-v1\"", "\"performance-v0\"", StringComparison.Ordinal));
        daemon.WaitFor("was refused", TimeSpan.FromSeconds(30));
        Assert.Contains("vocabulary", daemon.Output, StringComparison.OrdinalIgnoreCase);

        File.WriteAllText(manifest, good);
        daemon.WaitFor("passed its checks", TimeSpan.FromSeconds(30));

        var log = new PlayerScript().Play(PlayerScript.TestSplitPhrase(8)).AwaitAnswer(10).Sleep(2.5).Run();
        Assert.Contains(log, h => !h.Sent && h.IsNoteOn);
    }

    [Fact]
    public void EverySwapClosesTheModelItReplaced_AndTheNewOnePlays()
    {
        var manifest = CopyDefaultModel();
        var good = File.ReadAllText(manifest);
        using var daemon = DaemonProcess.Start($"--Improv:Improvisation:Model={folder}", "--Improv:Improvisation:Seed=4",
            "--Improv:Improvisation:MaxAnswerSeconds=2");

        for (var swap = 1; swap <= 3; swap++)
        {
            File.WriteAllText(manifest, good);
            daemon.WaitFor("passed its checks", TimeSpan.FromSeconds(30), times: swap);
            // Idle, Improv plays nothing: the swap happens at once and the watcher closes the old session.
            daemon.WaitFor("the one it replaced is closed", TimeSpan.FromSeconds(30), times: swap);
        }

        var log = new PlayerScript().Play(PlayerScript.TestSplitPhrase(8)).AwaitAnswer(10).Sleep(2.5).Run();
        Assert.Contains(log, h => !h.Sent && h.IsNoteOn);
        Assert.Equal(0, daemon.Terminate(TimeSpan.FromSeconds(20)));
    }

    private string CopyDefaultModel()
    {
        foreach (var file in Directory.GetFiles(PlayerScript.DefaultModel))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return Path.Combine(folder, "manifest.json");
    }
}
