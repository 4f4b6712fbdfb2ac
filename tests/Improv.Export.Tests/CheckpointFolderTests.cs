using System.Text.Json.Nodes;
using Improv.Export.Checkpoints;
using Improv.Inference.Model;

namespace Improv.Export.Tests;

/// <summary>Export from a checkpoint folder as improv-train writes it (checkpoint.json + model.bin).</summary>
[Collection(SmallModelCollection.Name)]
public class CheckpointFolderTests(SmallModel small)
{
    [Fact]
    public void RunFolderExportsItsBestCheckpointWithItsHistory()
    {
        var run = Path.Combine(small.Folder, $"run-{Guid.NewGuid():N}");
        var best = WriteCheckpoint(run, "checkpoint-000002", "performance-v1", validNll: 1.5);
        WriteCheckpoint(run, "checkpoint-000003", "performance-v1", validNll: 1.7);
        File.WriteAllText(Path.Combine(run, "best.txt"), "checkpoint-000002\n");

        var request = CheckpointFolder.Load(run, "pop909");
        using (request.Network)
        {
            var destination = Path.Combine(small.Folder, $"from-checkpoint-{Guid.NewGuid():N}");
            ModelExport.Export(request, destination, new ExportOptions());
            using var model = ModelPackage.Load(destination);
            Assert.Equal(new NllSummary(0.9, 1.5, null), model.Manifest.Nll);
            Assert.Equal(new CorpusIdentity("pop909", "b972650fa14817b2"), model.Manifest.Corpus);
            Assert.Equal($"improv-train train --run {best}", model.Manifest.TrainingCommand);
        }
    }

    [Fact]
    public void CheckpointOfAnotherVocabularyIsRefused()
    {
        var folder = WriteCheckpoint(Path.Combine(small.Folder, $"run-{Guid.NewGuid():N}"), "checkpoint-000001", "performance-v0", validNll: 1.5);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFolder.Load(folder, "pop909"));
        Assert.Contains("trained on vocabulary 'performance-v0'", error.Message);
    }

    private string WriteCheckpoint(string run, string name, string vocabularyVersion, double validNll)
    {
        var folder = Path.Combine(run, "checkpoints", name);
        Directory.CreateDirectory(folder);
        small.Network.save(Path.Combine(folder, "model.bin"));
        var shape = small.Network.Shape;
        var info = new JsonObject
        {
            ["format"] = "improv-checkpoint-v1",
            ["shape"] = new JsonObject
            {
                ["vocabularySize"] = shape.VocabularySize, ["embeddingSize"] = shape.EmbeddingSize,
                ["hiddenSize"] = shape.HiddenSize, ["layers"] = shape.Layers, ["dropout"] = shape.Dropout,
            },
            ["vocabularyVersion"] = vocabularyVersion,
            ["splitIdentity"] = "b972650fa14817b2",
            ["command"] = $"improv-train train --run {folder}",
            ["position"] = new JsonObject { ["bestValidNll"] = "Infinity" },
            ["trainNll"] = 0.9,
            ["validNll"] = validNll,
            ["testNll"] = null,
        };
        File.WriteAllText(Path.Combine(folder, "checkpoint.json"), info.ToJsonString());
        return folder;
    }
}
