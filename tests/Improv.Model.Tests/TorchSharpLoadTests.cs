using Improv.Model.Network;
using static TorchSharp.torch;

namespace Improv.Model.Tests;

/// <summary>The build's GLIBCXX fix-up (build/WeakGlibcxxNeed.targets) must leave TorchSharp loadable on Debian 12.</summary>
[Collection(TorchCollection.Name)]
public class TorchSharpLoadTests
{
    [Fact]
    public void MatrixProductRunsOnTheCpu()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var product = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
    }

    [Fact]
    public void NetworkProducesLogitsOverTheVocabulary()
    {
        using var scope = NewDisposeScope();
        var shape = new ModelShape(VocabularySize: 390, EmbeddingSize: 16, HiddenSize: 128, Layers: 2, Dropout: 0.1);
        using var network = new MusicLstm(shape);
        var tokens = zeros(new long[] { 3, 5 }, ScalarType.Int64);
        var (logits, (h, c)) = network.call(tokens, null);
        Assert.Equal(new long[] { 3, 5, 390 }, logits.shape);
        Assert.Equal(new long[] { 2, 3, 128 }, h.shape);
        Assert.Equal(new long[] { 2, 3, 128 }, c.shape);
    }
}
