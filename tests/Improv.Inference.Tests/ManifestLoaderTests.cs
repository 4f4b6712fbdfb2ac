using System.Text.Json;
using System.Text.Json.Nodes;
using Improv.Inference.Model;
using Improv.Music.Tokens;

namespace Improv.Inference.Tests;

/// <summary>The daemon's loader refuses a model that does not fit this build, and says why.</summary>
public sealed class ManifestLoaderTests : IDisposable
{
    private readonly TemporaryFolder scratch = new("improv-manifest-");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void WrongVocabularyVersionIsRefused()
    {
        var folder = EditManifest(m => m["vocabulary_version"] = "performance-v0");
        var error = Assert.Throws<ModelRejectedException>(() => ModelPackage.Load(folder));
        Assert.Contains("vocabulary 'performance-v0' is not one this build reads (performance-v1, performance-v2)", error.Message);
    }

    [Fact]
    public void WrongTokenTableIsRefused()
    {
        var folder = EditManifest(m => m["tokens"]![60] = "NOTE_ON_61");
        var error = Assert.Throws<ModelRejectedException>(() => ModelPackage.Load(folder));
        Assert.Contains("vocabulary table differs from this build's at token 60", error.Message);
    }

    [Fact]
    public void CorruptedGraphFailsItsChecksum()
    {
        var model = ModelCopy.WithDamagedGraph(scratch.Path, "step.onnx");

        var error = Assert.Throws<ModelRejectedException>(() => ModelPackage.Load(model));
        Assert.Contains("checksum of step.onnx fails", error.Message);
    }

    [Fact]
    public void GraphsThatDoNotMatchTheHyperparametersAreRefused()
    {
        var folder = EditManifest(m => m["hyperparameters"]!["hidden_size"] = 128);
        var error = Assert.Throws<ModelRejectedException>(() => ModelPackage.Load(folder));
        Assert.Contains("input 'h': expected float [2,1,128], found float [2,1,256]", error.Message);
    }

    [Fact]
    public void MissingManifestFieldIsRefused()
    {
        var folder = EditManifest(m => m.AsObject().Remove("corpus"));
        var error = Assert.Throws<ModelRejectedException>(() => ModelPackage.Load(folder));
        Assert.Contains("not a valid manifest", error.Message);
        Assert.Contains("corpus", error.Message);
    }

    private string EditManifest(Action<JsonNode> edit) => ModelCopy.OfDefault(scratch.Path, edit);
}
