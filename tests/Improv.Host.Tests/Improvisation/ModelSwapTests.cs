using Improv.Inference.Model;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// Changing the model while the daemon runs, the ways models really arrive: files copied over it, the folder replaced by
/// rename, deleted and written anew, or exported with --force over the live one (the last three through the exporter's
/// own write path, <see cref="ModelFolder.Write{T}"/>). A bad model is refused, a good one takes over, the music goes on.
/// </summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class ModelSwapTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("improv-model-swap-").FullName;

    public ModelSwapTests()
    {
        // The live model sits in a folder of its own, as models/NAME does, so the daemon watches its parent for it.
        folder = Path.Combine(root, "live");
        Directory.CreateDirectory(folder);
    }

    private readonly string folder;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void ABadModelIsRefusedAndAGoodOneTakesOver()
    {
        var manifest = CopyDefaultModel();
        var good = File.ReadAllText(manifest);
        using var daemon = DaemonProcess.Start($"--Improv:Improvisation:Model={folder}", "--Improv:Improvisation:Seed=2",
            "--Improv:Improvisation:MaxAnswerSeconds=2");

        // Whatever vocabulary the model speaks, a version no build knows.
        File.WriteAllText(manifest, good.Replace("\"performance-v", "\"performance-x", StringComparison.Ordinal));
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
        Assert.True(log.Any(h => !h.Sent && h.IsNoteOn), $"no answer note after three swaps; the daemon said:\n{daemon.Output}");
        var code = daemon.Terminate(TimeSpan.FromSeconds(20));
        Assert.True(code == 0, $"exit code {code}; the daemon said:\n{daemon.Output}");
    }

    [Fact]
    public void AFolderReplacedByRename_TakesOver()
    {
        CopyDefaultModel();
        using var daemon = StartOn(folder);

        // Exported beside the live one, then moved into place by hand: mv live old && mv new live.
        var incoming = Path.Combine(root, "incoming");
        ExportDefaultModel(incoming);
        Directory.Move(folder, Path.Combine(root, "old"));
        Directory.Move(incoming, folder);

        AssertTakesOver(daemon);
    }

    [Fact]
    public void AFolderDeletedAndWrittenAnew_TakesOver()
    {
        CopyDefaultModel();
        using var daemon = StartOn(folder);

        Directory.Delete(folder, recursive: true);
        daemon.WaitFor("is gone", TimeSpan.FromSeconds(30));
        ExportDefaultModel(folder);

        AssertTakesOver(daemon);
    }

    [Fact]
    public void AnExportWithForceOverTheLiveFolder_TakesOver_EveryTime()
    {
        CopyDefaultModel();
        using var daemon = StartOn(folder);

        for (var swap = 1; swap <= 2; swap++)
        {
            ExportDefaultModel(folder);
            daemon.WaitFor("passed its checks", TimeSpan.FromSeconds(30), times: swap);
            daemon.WaitFor("the one it replaced is closed", TimeSpan.FromSeconds(30), times: swap);
        }

        AssertPlays();
    }

    [Fact]
    public void ABrokenExportIsRefused_AndTheOldModelPlaysOn()
    {
        CopyDefaultModel();
        using var daemon = StartOn(folder);

        // Written in place with one graph cut short: complete as far as its files go, but not what the manifest says.
        ExportDefaultModel(folder, staging =>
        {
            var step = Path.Combine(staging, "step.onnx");
            File.WriteAllBytes(step, File.ReadAllBytes(step)[..1000]);
        });

        daemon.WaitFor("was refused", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("passed its checks", daemon.Output);
        AssertPlays();
    }

    private static DaemonProcess StartOn(string model) => DaemonProcess.Start($"--Improv:Improvisation:Model={model}",
        "--Improv:Improvisation:Seed=4", "--Improv:Improvisation:MaxAnswerSeconds=2");

    private static void AssertTakesOver(DaemonProcess daemon)
    {
        daemon.WaitFor("passed its checks", TimeSpan.FromSeconds(30));
        daemon.WaitFor("the one it replaced is closed", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("was refused", daemon.Output);
        AssertPlays();
    }

    private static void AssertPlays()
    {
        // The first answer of a freshly loaded model can take seconds on a loaded machine: the wait ends when it comes.
        var log = new PlayerScript().Play(PlayerScript.TestSplitPhrase(8)).AwaitAnswer(30).Sleep(2.5).Run();
        Assert.Contains(log, h => !h.Sent && h.IsNoteOn);
    }

    /// <summary>Writes models/default to <paramref name="destination"/> the way improv-export (with --force) writes a model.</summary>
    private static void ExportDefaultModel(string destination, Action<string>? spoil = null) =>
        ModelFolder.Write(destination, staging =>
        {
            foreach (var file in Directory.GetFiles(PlayerScript.DefaultModel))
            {
                File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
            }

            spoil?.Invoke(staging);
            return staging;
        });

    private string CopyDefaultModel()
    {
        foreach (var file in Directory.GetFiles(PlayerScript.DefaultModel))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return Path.Combine(folder, "manifest.json");
    }
}
