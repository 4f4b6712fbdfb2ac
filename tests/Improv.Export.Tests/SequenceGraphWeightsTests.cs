using Improv.Export.Onnx;
using Improv.Inference.Model;

namespace Improv.Export.Tests;

/// <summary>An exported model's weights read back from its sequence graph are the network's, in PyTorch's layouts.</summary>
[Collection(SmallModelCollection.Name)]
public class SequenceGraphWeightsTests(SmallModel small)
{
    [Fact]
    public void ReadsBackExactlyWhatWasExported()
    {
        using var model = ModelPackage.Load(small.Exported);
        var expected = NetworkWeights.From(small.Network);

        var read = SequenceGraphWeights.Read(model);

        Assert.Equal(expected.Shape, read.Shape);
        Assert.Equal(expected.Embedding, read.Embedding);
        Assert.Equal(expected.HeadWeights, read.HeadWeights);
        Assert.Equal(expected.HeadBias, read.HeadBias);
        Assert.Equal(expected.Layers.Length, read.Layers.Length);
        foreach (var (want, got) in expected.Layers.Zip(read.Layers))
        {
            Assert.Equal(want.InputSize, got.InputSize);
            Assert.Equal(want.InputWeights, got.InputWeights);
            Assert.Equal(want.RecurrentWeights, got.RecurrentWeights);
            Assert.Equal(want.InputBias, got.InputBias);
            Assert.Equal(want.RecurrentBias, got.RecurrentBias);
        }
    }

    [Fact]
    public void AGraphWithoutTheWeightsIsRefusedByName()
    {
        var copy = small.CopyOfExported();
        using var model = ModelPackage.Load(copy);
        // The step graph has no LSTM operator weights: reading it as the sequence graph must say what is missing.
        File.Copy(Path.Combine(copy, ModelExport.StepFile), Path.Combine(copy, ModelExport.SequenceFile), overwrite: true);

        var error = Assert.Throws<InvalidDataException>(() => SequenceGraphWeights.Read(model));

        Assert.Contains("no initializer 'B_0' (not a sequence graph written by improv-export)", error.Message);
        Assert.Contains(ModelExport.SequenceFile, error.Message);
    }
}
