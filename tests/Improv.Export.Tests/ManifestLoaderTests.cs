using System.Text.Json;
using System.Text.Json.Nodes;
using Improv.Inference.Model;
using Improv.Music.Tokens;

namespace Improv.Export.Tests;

/// <summary>The daemon's loader refuses a model that does not fit this build, and says why.</summary>
[Collection(SmallModelCollection.Name)]
public class ManifestLoaderTests(SmallModel small)
{
    [Fact]
    public void ExportedManifestDescribesTheModel()
    {
        using var model = ModelPackage.Load(small.Exported);
        var manifest = model.Manifest;
        Assert.Equal(Vocabulary.Version, manifest.VocabularyVersion);
        Assert.Equal(Vocabulary.Table, manifest.Tokens);
        Assert.Equal(new Hyperparameters(Vocabulary.Size, 32, 128, 2, 0.1), manifest.Hyperparameters);
        Assert.Equal(17, manifest.Opset);
        Assert.Equal(small.Request.TrainingCommand, manifest.TrainingCommand);
        Assert.Equal(ModelPackage.Sha256Of(File.ReadAllBytes(Path.Combine(small.Exported, ModelExport.StepFile))), manifest.StepGraph.Sha256);
    }

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
        var folder = small.CopyOfExported();
        var path = Path.Combine(folder, ModelExport.StepFile);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelRejectedException>(() => ModelPackage.Load(folder));
        Assert.Contains($"checksum of {ModelExport.StepFile} fails", error.Message);
    }

    [Fact]
    public void GraphsThatDoNotMatchTheHyperparametersAreRefused()
    {
        var folder = EditManifest(m => m["hyperparameters"]!["hidden_size"] = 256);
        var error = Assert.Throws<ModelRejectedException>(() => ModelPackage.Load(folder));
        Assert.Contains("input 'h': expected float [2,1,256], found float [2,1,128]", error.Message);
    }

    [Fact]
    public void MissingManifestFieldIsRefused()
    {
        var folder = EditManifest(m => m.AsObject().Remove("corpus"));
        var error = Assert.Throws<ModelRejectedException>(() => ModelPackage.Load(folder));
        Assert.Contains("not a valid manifest", error.Message);
        Assert.Contains("corpus", error.Message);
    }

    private string EditManifest(Action<JsonNode> edit)
    {
        var folder = small.CopyOfExported();
        var path = Path.Combine(folder, ModelManifest.FileName);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return folder;
    }
}
