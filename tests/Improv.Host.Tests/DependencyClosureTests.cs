using System.Text.Json;

namespace Improv.Host.Tests;

/// <summary>The daemon must start on a stage laptop without libtorch (about 600 MB).</summary>
public class DependencyClosureTests
{
    [Fact]
    public void DaemonRuntimeClosureHasNoTorchSharp()
    {
        var depsFile = Path.Combine(AppContext.BaseDirectory, "improv.deps.json");
        Assert.True(File.Exists(depsFile), $"expected the daemon's deps file at {depsFile}");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains(libraries, name => name.StartsWith("Microsoft.ML.OnnxRuntime/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, name =>
            name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) ||
            name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
    }
}
