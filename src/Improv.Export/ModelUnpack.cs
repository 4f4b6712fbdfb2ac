using Improv.Export.Onnx;
using Improv.Inference.Model;
using Improv.Model.Checkpoints;
using Improv.Model.Network;
using Improv.Model.Training;

namespace Improv.Export;

/// <summary>
/// A model folder back to a TorchSharp checkpoint: the sequence graph's initializers hold every tensor of the network,
/// so a shipped model (whose training run is gone) can warm-start a new run or be scored again.
/// </summary>
public static class ModelUnpack
{
    /// <summary>Writes the checkpoint folder <paramref name="output"/> from <paramref name="modelFolder"/> and returns the network it holds.</summary>
    public static MusicLstm Unpack(string modelFolder, string output)
    {
        using var model = ModelPackage.Load(modelFolder);
        var manifest = model.Manifest;
        var file = Path.Combine(modelFolder, manifest.SequenceGraph.File);
        var proto = Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(file));
        var p = manifest.Hyperparameters;
        var weights = NetworkWeights.FromSequenceGraph(proto, p, file);
        var network = new MusicLstm(new ModelShape(p.VocabularySize, p.EmbeddingSize, p.HiddenSize, p.Layers, p.Dropout));
        weights.CopyInto(network);
        network.eval();
        var config = new TrainingConfig
        {
            EmbeddingSize = p.EmbeddingSize,
            HiddenSize = p.HiddenSize,
            Layers = p.Layers,
            Dropout = p.Dropout,
            Vocabulary = manifest.VocabularyVersion,
        };
        Checkpoint.SaveWeights(output, new CheckpointInfo
        {
            Shape = network.Shape,
            VocabularyVersion = manifest.VocabularyVersion,
            SplitIdentity = manifest.Corpus.SplitHash,
            Command = $"improv-export checkpoint {modelFolder} (unpacked; trained by: {manifest.TrainingCommand})",
            Config = config,
            Position = new TrainingPosition(),
            SavedAt = DateTimeOffset.UtcNow,
        }, network);
        return network;
    }
}
