using System.Text.Json.Nodes;

namespace Improv.Host.Tests;

/// <summary>The linux-x64 archive a musician downloads: unpacked into an empty folder, it runs without the .NET SDK.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class PublishedArchiveTests(PublishedArchive archive) : IClassFixture<PublishedArchive>, IDisposable
{
    private static readonly Dictionary<string, string> NoSettings = [];

    private readonly TemporaryFolder home = new("improv-archive-home-");

    [Fact]
    public void Archive_HoldsTheSelfContainedDaemon_TheModel_TheSettings_TheUnit_AndTheLicences()
    {
        foreach (var file in new[]
        {
            "improv", "improv.dll", "libcoreclr.so", "libonnxruntime.so", "appsettings.json", "models/default/manifest.json",
            "models/default/step.onnx", "config/improv.service", "README.md", "licenses/LICENSE", "licenses/corpus.md",
            "licenses/data/asap/LICENSE.md", "licenses/data/pop909/LICENSE",
        })
        {
            Assert.True(File.Exists(Path.Combine(archive.Folder, file)), $"the archive has no {file}");
        }
        // Self-contained: the runtime is inside, named in runtimeconfig.json as included, not as one to look for.
        var runtime = JsonNode.Parse(File.ReadAllText(Path.Combine(archive.Folder, "improv.runtimeconfig.json")))!["runtimeOptions"]!;
        Assert.NotNull(runtime["includedFrameworks"]);
        Assert.Null(runtime["framework"]);
        // ONNX Runtime's package copies its Windows library into every build; the publish leaves it out of Linux's.
        Assert.False(File.Exists(Path.Combine(archive.Folder, "onnxruntime.dll")));
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "docs", "stage.md")), File.ReadAllText(Path.Combine(archive.Folder, "README.md")));
    }

    [Fact]
    public void Help_RunsFromTheUnpackedArchive()
    {
        var (exitCode, output) = archive.Improv(NoSettings, "--help");

        Assert.True(exitCode == 0, output);
        foreach (var command in new[] { "run", "ports", "monitor", "generate", "doctor", "service" })
        {
            Assert.Matches($"(?m)^  {command} ", output);
        }
    }

    [Fact]
    public void Ports_ListsAJackClientsPort()
    {
        using var synth = MidiPeer.Start("synth", "archive-synth");
        Assert.Equal("READY", synth.ReadLine(TimeSpan.FromSeconds(30)));

        var (exitCode, output) = archive.Improv(NoSettings, "ports");

        Assert.True(exitCode == 0, output);
        Assert.Contains("JACK:", output);
        Assert.Matches("(?m)^    improv-test-synth(-[0-9]+)?:archive-synth$", output);
    }

    [Fact]
    public void Doctor_LoadsTheBundledModel_WithTheArchivesOwnOnnxRuntime()
    {
        var (exitCode, output) = archive.Improv(NoSettings, "doctor", "--metrics-port", DaemonProcess.FreePort().ToString());

        Assert.True(exitCode == 0, output);
        Assert.Contains($"ok    Model: {Path.Combine(archive.Folder, "models", "default")}: passes its manifest's checks and opens in ONNX Runtime", output);
    }

    [Fact]
    public void ServiceInstall_WritesAUnitThatRunsTheUnpackedDaemon()
    {
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = home.Path, ["PATH"] = home.Path };

        var (_, output) = archive.Improv(environment, "service", "install");

        var unit = File.ReadAllLines(Path.Combine(home.Path, "systemd", "user", "improv.service"));
        Assert.Contains($"ExecStart={Path.Combine(archive.Folder, "improv")} run", unit);
        Assert.Contains($"WorkingDirectory={archive.Folder}", unit);
        Assert.Contains("systemctl not found", output);
    }

    public void Dispose() => home.Dispose();
}
