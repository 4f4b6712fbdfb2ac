using Improv.Inference.Model;

namespace Improv.Export.Tests;

/// <summary>Export writes a model only when ONNX Runtime reproduces TorchSharp; otherwise it leaves nothing.</summary>
public class ExportVerificationTests(SmallModel small) : IClassFixture<SmallModel>
{
    [Fact]
    public void ExportedModelMatchesTorchSharpOver256Steps()
    {
        Assert.Equal(256, small.Report.Steps);
        Assert.True(small.Report.Within(1e-4), small.Report.ToString());
        Assert.Equal(
            [ModelManifest.FileName, ModelExport.SequenceFile, ModelExport.StepFile],
            Directory.GetFiles(small.Exported).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void UnrolledStepGraphAlsoMatches()
    {
        var destination = Path.Combine(small.Folder, "unrolled");
        var report = ModelExport.Export(small.Request, destination, new ExportOptions(StepForm: StepForm.Unrolled));
        Assert.True(report.Within(1e-4), report.ToString());
        using var model = ModelPackage.Load(destination);
        Assert.Equal("unrolled", model.Manifest.StepGraph.Form);
    }

    public static TheoryData<string> Perturbations => ["head bias", "recurrent weight"];

    [Theory]
    [MemberData(nameof(Perturbations))]
    public void OneWrongWeightFailsExportAndLeavesNothing(string which)
    {
        var parent = Path.Combine(small.Folder, $"perturbed-{Guid.NewGuid():N}");
        var destination = Path.Combine(parent, "model");
        var error = Assert.Throws<ExportFailedException>(() => ModelExport.Export(small.Request, destination, new ExportOptions(),
            weights =>
            {
                if (which == "head bias")
                {
                    weights.HeadBias[7] += 0.01f;
                }
                else
                {
                    weights.Layers[^1].RecurrentWeights[1000] += 0.5f;
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
