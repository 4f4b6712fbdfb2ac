using Improv.Inference.Model;

namespace Improv.Export.Tests;

/// <summary>Export writes a model only when ONNX Runtime reproduces TorchSharp; otherwise it leaves nothing.</summary>
[Collection(SmallModelCollection.Name)]
public class ExportVerificationTests(SmallModel small)
{
    [Fact]
    public void ExportedModelMatchesTorchSharpOver256Steps()
    {
        Assert.True(small.LastLoss < small.FirstLoss / 4, $"the test network did not learn: loss {small.FirstLoss} -> {small.LastLoss}");
        Assert.Equal(256, small.Report.Steps);
        Assert.True(small.Report.Within(1e-4), small.Report.ToString());
        Assert.Equal(
            [ModelManifest.FileName, ModelExport.SequenceFile, ModelExport.StepFile],
            Directory.GetFiles(small.Exported).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void LstmOperatorStepGraphAlsoMatches()
    {
        var destination = Path.Combine(small.Folder, "lstm");
        var report = ModelExport.Export(small.Request, destination, new ExportOptions(StepForm: StepForm.Lstm));
        Assert.True(report.Within(1e-4), report.ToString());
        using var model = ModelPackage.Load(destination);
        Assert.Equal("lstm", model.Manifest.StepGraph.Form);
    }

    public static TheoryData<string> Perturbations => ["head bias", "recurrent weight", "input weight"];

    [Theory]
    [MemberData(nameof(Perturbations))]
    public void OneWrongWeightFailsExportAndLeavesNothing(string which)
    {
        var parent = Path.Combine(small.Folder, $"perturbed-{Guid.NewGuid():N}");
        var destination = Path.Combine(parent, "model");
        var error = Assert.Throws<ExportFailedException>(() => ModelExport.Export(small.Request, destination, new ExportOptions(),
            weights =>
            {
                switch (which)
                {
                    case "head bias":
                        weights.HeadBias[7] += 0.01f;
                        break;
                    case "recurrent weight":
                        // Large, because this network's gates saturate: a change of 0.5 here is absorbed exactly.
                        weights.Layers[^1].RecurrentWeights[1000] += 3f;
                        break;
                    default:
                        weights.Layers[0].InputWeights[300] += 0.5f;
                        break;
                }
            }));

        Assert.Contains("verification failed", error.Message);
        Assert.False(Directory.Exists(destination));
        Assert.Empty(Directory.GetFileSystemEntries(parent));
    }

    [Fact]
    public void ExistingFolderIsNotReplacedWithoutBeingAsked()
    {
        var error = Assert.Throws<ExportFailedException>(() => ModelExport.Export(small.Request, small.Exported, new ExportOptions()));
        Assert.Contains("already exists", error.Message);
    }

    [Fact]
    public void ReplacingAnExistingFolderLeavesOnlyTheNewModel()
    {
        var destination = small.CopyOfExported();
        File.WriteAllText(Path.Combine(destination, "stale.txt"), "from an earlier export");
        ModelExport.Export(small.Request, destination, new ExportOptions(Replace: true));

        Assert.False(File.Exists(Path.Combine(destination, "stale.txt")));
        using var model = ModelPackage.Load(destination);
        Assert.DoesNotContain(Directory.GetDirectories(small.Folder), d => Path.GetFileName(d).StartsWith('.'));
    }
}
