namespace Improv.TestSupport;

/// <summary>A fresh folder under the system temp directory, deleted with everything in it when the test ends.</summary>
public sealed class TemporaryFolder(string prefix = "improv-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
