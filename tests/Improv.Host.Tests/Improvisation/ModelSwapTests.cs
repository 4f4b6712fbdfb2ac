namespace Improv.Host.Tests.Improvisation;

/// <summary>Changing the model while the daemon runs: a bad model is refused, a good one takes over, the music goes on.</summary>
[Collection(JackCollection.Name)]
public sealed class ModelSwapTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("improv-model-swap-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ABadModelIsRefusedAndAGoodOneTakesOver()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(PlayerScript.Repository, "models", "default")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var manifest = Path.Combine(folder, "manifest.json");
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
}
