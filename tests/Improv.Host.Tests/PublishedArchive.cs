using System.Diagnostics;

namespace Improv.Host.Tests;

/// <summary>
/// `scripts/publish linux-x64` run once for a test class (a class fixture: it takes about 1.5 minutes here), its
/// archive extracted into an empty folder, as a musician would unpack it.
/// </summary>
public sealed class PublishedArchive : IDisposable
{
    private readonly TemporaryFolder dist = new("improv-publish-");
    private readonly TemporaryFolder unpacked = new("improv-archive-");

    public PublishedArchive()
    {
        var (published, output) = ToolProcess.Run(new ProcessStartInfo("bash") { WorkingDirectory = Repository.Root }, TimeSpan.FromMinutes(20),
            Path.Combine(Repository.Root, "scripts", "publish"), "--out", dist.Path, "linux-x64");
        if (published != 0)
        {
            throw new InvalidOperationException($"scripts/publish failed (exit {published}):\n{output}");
        }
        Archive = dist.File("improv-linux-x64.tar.gz");
        var (extracted, said) = ToolProcess.Run(new ProcessStartInfo("tar"), TimeSpan.FromMinutes(2), "-xzf", Archive, "-C", unpacked.Path);
        if (extracted != 0)
        {
            throw new InvalidOperationException($"tar could not extract {Archive}:\n{said}");
        }
    }

    public string Archive { get; }

    /// <summary>The folder the archive unpacks to: improv/, the daemon and everything beside it.</summary>
    public string Folder => Path.Combine(unpacked.Path, "improv");

    /// <summary>Runs the unpacked `improv ARGS` itself (no `dotnet`), from an unrelated working directory.</summary>
    public (int ExitCode, string Output) Improv(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(Folder, "improv")) { WorkingDirectory = Path.GetTempPath() };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return ToolProcess.Run(info, TimeSpan.FromMinutes(1), arguments);
    }

    public void Dispose()
    {
        unpacked.Dispose();
        dist.Dispose();
    }
}
