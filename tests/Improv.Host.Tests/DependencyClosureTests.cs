using System.Text.Json;

namespace Improv.Host.Tests;

/// <summary>
/// The daemon must start on a stage laptop without libtorch (about 600 MB) or the offline tools' plotting and WAV
/// writing: those live in improv-train and improv-evaluate.
/// </summary>
public class DependencyClosureTests
{
    private static readonly JsonElement Deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "improv.deps.json"))).RootElement;

    private static readonly List<string> Libraries = [.. Deps.GetProperty("libraries").EnumerateObject().Select(p => p.Name)];

    [Theory]
    [InlineData("TorchSharp")]
    [InlineData("libtorch")]
    [InlineData("ScottPlot")]
    [InlineData("SkiaSharp")]
    [InlineData("Improv.Plots")]
    [InlineData("improv-evaluate")]
    [InlineData("improv-train")]
    public void DaemonRuntimeClosureLeavesOut(string library)
    {
        Assert.Contains(Libraries, name => name.StartsWith("Microsoft.ML.OnnxRuntime/", StringComparison.Ordinal));
        Assert.DoesNotContain(Libraries, name => name.StartsWith(library + "/", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith(library + ".", StringComparison.OrdinalIgnoreCase) || name.StartsWith(library + "-", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>NAudio.Core rides along only as NAudio.Midi's own dependency (the recorder writes MIDI files through it).</summary>
    [Fact]
    public void NAudioCoreComesOnlyWithNAudioMidi()
    {
        var dependents = Deps.GetProperty("targets").EnumerateObject()
            .SelectMany(target => target.Value.EnumerateObject())
            .Where(library => library.Value.TryGetProperty("dependencies", out var dependencies) && dependencies.TryGetProperty("NAudio.Core", out _))
            .Select(library => library.Name.Split('/')[0])
            .Distinct()
            .ToList();
        Assert.Equal(["NAudio.Midi"], dependents);
    }
}
