using System.Runtime.InteropServices;
using Improv.Export.Onnx.Proto;
using Improv.Inference.Model;

namespace Improv.Export.Onnx;

/// <summary>
/// Reads an exported model's weights back out of its sequence graph (the form <see cref="LstmOperatorGraph"/>
/// writes: embedding, W/R/B per layer in ONNX gate order, head), in PyTorch's layouts. A model folder ships no
/// checkpoint, so this is how tools that need the network's tensors (the step benchmarks) get the bundled model's.
/// </summary>
public static class SequenceGraphWeights
{
    // ONNX keeps (i, o, f, c); PyTorch chunk k is ONNX chunk TorchOrder[k]: i=0, f=2, g=3, o=1.
    private static readonly int[] TorchOrder = [0, 2, 3, 1];

    /// <summary>The network of a loaded model (its manifest's sequence graph and hyperparameters).</summary>
    public static NetworkWeights Read(ModelPackage model)
    {
        var shape = model.Hyperparameters;
        var path = Path.Combine(model.Directory, model.Manifest.SequenceGraph.File);
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        float[] Read(string name, params long[] dims)
        {
            if (!initializers.TryGetValue(name, out var tensor))
            {
                throw new InvalidDataException($"{path}: no initializer '{name}' (not a sequence graph written by improv-export)");
            }

            if (!tensor.Dims.SequenceEqual(dims) || tensor.DataType != (int)TensorProto.Types.DataType.Float)
            {
                throw new InvalidDataException(
                    $"{path}: initializer '{name}' is [{string.Join(",", tensor.Dims)}] of type {tensor.DataType}, expected float [{string.Join(",", dims)}]");
            }

            return tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : [.. tensor.FloatData];
        }

        var (v, e, h) = ((long)shape.VocabularySize, (long)shape.EmbeddingSize, (long)shape.HiddenSize);
        var layers = Enumerable.Range(0, shape.Layers).Select(l =>
        {
            var inputSize = l == 0 ? e : h;
            var bias = Read($"B_{l}", 1, 8 * h);
            return new LayerWeights((int)inputSize,
                NetworkWeights.ReorderGates(Read($"W_{l}", 1, 4 * h, inputSize), TorchOrder),
                NetworkWeights.ReorderGates(Read($"R_{l}", 1, 4 * h, h), TorchOrder),
                NetworkWeights.ReorderGates(bias[..(int)(4 * h)], TorchOrder),
                NetworkWeights.ReorderGates(bias[(int)(4 * h)..], TorchOrder));
        }).ToArray();

        return new NetworkWeights(shape, Read("embedding", v, e), layers, Read("head_W", v, h), Read("head_b", v));
    }
}
