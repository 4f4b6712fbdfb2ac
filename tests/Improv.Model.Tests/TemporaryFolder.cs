namespace Improv.Model.Tests;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("improv-model-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
