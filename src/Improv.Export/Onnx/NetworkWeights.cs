using Improv.Inference.Model;
using Improv.Model.Network;
using static TorchSharp.torch;

namespace Improv.Export.Onnx;

/// <summary>One LSTM layer's tensors in PyTorch layout: gate chunks (i, f, g, o) along the first axis.</summary>
public sealed record LayerWeights(int InputSize, float[] InputWeights, float[] RecurrentWeights, float[] InputBias, float[] RecurrentBias);

/// <summary>
/// The network's tensors copied out of TorchSharp as flat row-major arrays, in PyTorch's layouts: what the
/// graph writers translate into ONNX's.
/// </summary>
public sealed record NetworkWeights(Hyperparameters Shape, float[] Embedding, LayerWeights[] Layers, float[] HeadWeights, float[] HeadBias)
{
    /// <summary>Reads the state_dict of a <see cref="MusicLstm"/> (keys embedding.weight, lstm.weight_ih_l0, ..., head.bias).</summary>
    public static NetworkWeights From(MusicLstm network)
    {
        var s = network.Shape;
        var shape = new Hyperparameters(s.VocabularySize, s.EmbeddingSize, s.HiddenSize, s.Layers, s.Dropout);
        var state = network.state_dict();
        float[] Read(string key, params long[] expected)
        {
            if (!state.TryGetValue(key, out var tensor))
            {
                throw new InvalidDataException($"network has no tensor '{key}'");
            }

            if (!tensor.shape.SequenceEqual(expected))
            {
                throw new InvalidDataException(
                    $"network tensor '{key}' is [{string.Join(",", tensor.shape)}], its shape says [{string.Join(",", expected)}]");
            }

            using var contiguous = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
            return contiguous.data<float>().ToArray();
        }

        var h = s.HiddenSize;
        var layers = Enumerable.Range(0, s.Layers).Select(l =>
        {
            var inputSize = l == 0 ? s.EmbeddingSize : h;
            return new LayerWeights(inputSize,
                Read($"lstm.weight_ih_l{l}", 4 * h, inputSize),
                Read($"lstm.weight_hh_l{l}", 4 * h, h),
                Read($"lstm.bias_ih_l{l}", 4 * h),
                Read($"lstm.bias_hh_l{l}", 4 * h));
        }).ToArray();

        return new NetworkWeights(shape,
            Read("embedding.weight", s.VocabularySize, s.EmbeddingSize),
            layers,
            Read("head.weight", s.VocabularySize, h),
            Read("head.bias", s.VocabularySize));
    }

    /// <summary>
    /// Rearranges the four gate chunks of a [4H, ...] tensor: chunk k of the result is chunk order[k] of
    /// the source. PyTorch stores (i, f, g, o); ONNX's LSTM wants (i, o, f, c) = order [0, 3, 1, 2].
    /// </summary>
    public static float[] ReorderGates(float[] source, int[] order)
    {
        var chunk = source.Length / 4;
        var result = new float[source.Length];
        for (var k = 0; k < 4; k++)
        {
            Array.Copy(source, order[k] * chunk, result, k * chunk, chunk);
        }

        return result;
    }
}
