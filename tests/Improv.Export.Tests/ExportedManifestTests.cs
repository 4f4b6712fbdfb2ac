using Improv.Inference.Model;
using Improv.Music.Tokens;

namespace Improv.Export.Tests;

/// <summary>What the exporter writes in a model's manifest, read back through the daemon's loader.</summary>
[Collection(SmallModelCollection.Name)]
public class ExportedManifestTests(SmallModel small)
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
}
