using Improv.Model.Checkpoints;
using Improv.Model.Training;
using Improv.Inference.Model;

namespace Improv.Export.Tests;

/// <summary>Export from checkpoints written with improv-train's own Checkpoint API.</summary>
[Collection(SmallModelCollection.Name)]
public class CheckpointExportTests(SmallModel small)
{
    [Fact]
    public void RunFolderExportsItsBestCheckpointWithItsHistory()
    {
        var run = Path.Combine(small.Folder, $"run-{Guid.NewGuid():N}");
        var best = WriteCheckpoint(run, "checkpoint-000002", "performance-v1", validNll: 1.5);
        WriteCheckpoint(run, "checkpoint-000003", "performance-v1", validNll: 1.7);
        new RunFolder(run).MarkBest(best);

        var request = ExportRequest.FromCheckpoint(run, "pop909");
        using (request.Network)
        {
            var destination = Path.Combine(small.Folder, $"from-checkpoint-{Guid.NewGuid():N}");
            ModelExport.Export(request, destination, new ExportOptions());
            using var model = ModelPackage.Load(destination);
            Assert.Equal(new NllSummary(0.9, 1.5, null), model.Manifest.Nll);
            Assert.Equal(new CorpusIdentity("pop909", "b972650fa14817b2"), model.Manifest.Corpus);
            Assert.Equal($"improv-train train --run {best}", model.Manifest.TrainingCommand);
            // The loss curve travels in the manifest, epochs counted from 1; no corpus was given, so no baseline.
            Assert.Equal([new EpochNll(1, 0.9, 1.5)], model.Manifest.History!);
            Assert.Null(model.Manifest.Baseline);
        }
    }

    [Fact]
    public void CheckpointOfAnotherVocabularyIsRefused()
    {
        var folder = WriteCheckpoint(Path.Combine(small.Folder, $"run-{Guid.NewGuid():N}"), "checkpoint-000001", "performance-v0", validNll: 1.5);
        var error = Assert.Throws<InvalidDataException>(() => ExportRequest.FromCheckpoint(folder, "pop909"));
        Assert.Contains("trained on vocabulary 'performance-v0'", error.Message);
    }

    private string WriteCheckpoint(string run, string name, string vocabularyVersion, double validNll)
    {
        var folder = Path.Combine(run, "checkpoints", name);
        Directory.CreateDirectory(folder);
        small.Network.save(Path.Combine(folder, Checkpoint.ModelFile));
        Checkpoint.WriteInfo(folder, new CheckpointInfo
        {
            Shape = small.Network.Shape,
            VocabularyVersion = vocabularyVersion,
            SplitIdentity = "b972650fa14817b2",
            Command = $"improv-train train --run {folder}",
            Config = new TrainingConfig(),
            Position = new TrainingPosition { History = [new EpochScore(0, 0.9, validNll)] },
        });
        return folder;
    }
}
