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

    /// <summary>
    /// The tensors back out of a sequence graph written by <see cref="LstmOperatorGraph"/> (initializers embedding,
    /// W_l, R_l, B_l, head_W, head_b, in ONNX's gate order): how a shipped model folder becomes a network again.
    /// </summary>
    internal static NetworkWeights FromSequenceGraph(Proto.ModelProto model, Hyperparameters shape, string file)
    {
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        float[] Read(string name, long count)
        {
            if (!initializers.TryGetValue(name, out var tensor))
                throw new InvalidDataException($"{file}: no initializer '{name}'");
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
            return values.Length == count ? values : throw new InvalidDataException($"{file}: initializer '{name}' has {values.Length} values, its shape says {count}");
        }

        var (v, e, h) = ((long)shape.VocabularySize, (long)shape.EmbeddingSize, (long)shape.HiddenSize);
        var layers = Enumerable.Range(0, shape.Layers).Select(l =>
        {
            var inputSize = l == 0 ? (int)e : (int)h;
            var bias = Read($"B_{l}", 8 * h);
            return new LayerWeights(inputSize,
                ReorderGates(Read($"W_{l}", 4 * h * inputSize), FromOnnxGateOrder),
                ReorderGates(Read($"R_{l}", 4 * h * h), FromOnnxGateOrder),
                ReorderGates(bias[..(int)(4 * h)], FromOnnxGateOrder),
                ReorderGates(bias[(int)(4 * h)..], FromOnnxGateOrder));
        }).ToArray();
        return new NetworkWeights(shape, Read("embedding", v * e), layers, Read("head_W", v * h), Read("head_b", v));
    }

    /// <summary>The inverse of ONNX's gate order [0, 3, 1, 2]: (i, o, f, c) back to PyTorch's (i, f, g, o).</summary>
    private static readonly int[] FromOnnxGateOrder = [0, 2, 3, 1];

    /// <summary>Writes these tensors into a network of the same shape (the inverse of <see cref="From"/>).</summary>
    public void CopyInto(MusicLstm network)
    {
        using var _ = no_grad();
        var state = network.state_dict();
        void Write(string key, float[] values) => state[key].copy_(tensor(values).reshape(state[key].shape));
        Write("embedding.weight", Embedding);
        for (var l = 0; l < Layers.Length; l++)
        {
            Write($"lstm.weight_ih_l{l}", Layers[l].InputWeights);
            Write($"lstm.weight_hh_l{l}", Layers[l].RecurrentWeights);
            Write($"lstm.bias_ih_l{l}", Layers[l].InputBias);
            Write($"lstm.bias_hh_l{l}", Layers[l].RecurrentBias);
        }
        Write("head.weight", HeadWeights);
        Write("head.bias", HeadBias);
    }
}
