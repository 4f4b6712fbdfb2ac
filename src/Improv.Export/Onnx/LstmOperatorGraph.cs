using Improv.Export.Onnx.Proto;
using Improv.Inference.Model;
using static Improv.Export.Onnx.GraphBuilder;

namespace Improv.Export.Onnx;

/// <summary>
/// The network as ONNX's LSTM operator (one per layer): with a symbolic length it is the sequence graph
/// that scores a primer in one call; with length 1 it is a step graph.
/// </summary>
internal static class LstmOperatorGraph
{
    private static readonly int[] OnnxGateOrder = [0, 3, 1, 2];

    public static ModelProto Sequence(NetworkWeights weights) => Build(weights, sequence: true);

    public static ModelProto Step(NetworkWeights weights) => Build(weights, sequence: false);

    private static ModelProto Build(NetworkWeights w, bool sequence)
    {
        var p = w.Shape;
        var (v, e, h, layers) = ((long)p.VocabularySize, (long)p.EmbeddingSize, (long)p.HiddenSize, p.Layers);
        var g = new GraphBuilder(sequence ? "improv_sequence" : "improv_step");
        g.Interface(sequence ? GraphContract.Sequence(p) : GraphContract.Step(p));

        var embedding = g.Weights("embedding", [v, e], w.Embedding);
        var embedded = g.Node1("Gather", [embedding, sequence ? GraphContract.Tokens : GraphContract.Token], Int("axis", 0));
        var axis1 = g.Int64s("axis_1", 1);
        var x = g.Node1("Unsqueeze", [embedded, axis1]);

        var hidden = SplitLayers(g, GraphContract.Hidden, layers);
        var cell = SplitLayers(g, GraphContract.Cell, layers);
        var hiddenOut = new string[layers];
        var cellOut = new string[layers];
        string y = x;
        for (var l = 0; l < layers; l++)
        {
            var layer = w.Layers[l];
            var weightsW = g.Weights($"W_{l}", [1, 4 * h, layer.InputSize], NetworkWeights.ReorderGates(layer.InputWeights, OnnxGateOrder));
            var weightsR = g.Weights($"R_{l}", [1, 4 * h, h], NetworkWeights.ReorderGates(layer.RecurrentWeights, OnnxGateOrder));
            float[] bias = [.. NetworkWeights.ReorderGates(layer.InputBias, OnnxGateOrder), .. NetworkWeights.ReorderGates(layer.RecurrentBias, OnnxGateOrder)];
            var weightsB = g.Weights($"B_{l}", [1, 8 * h], bias);
            var outputs = g.Node("LSTM", [y, weightsW, weightsR, weightsB, "", hidden[l], cell[l]], 3, Int("hidden_size", h));
            // Y is [length, directions=1, batch=1, H]; the next layer wants [length, batch, H].
            y = g.Node1("Squeeze", [outputs[0], axis1]);
            hiddenOut[l] = outputs[1];
            cellOut[l] = outputs[2];
        }

        var last = g.Node1("Reshape", [y, g.Int64s("rows_by_hidden", -1, h)]);
        g.Node("Gemm", [last, g.Weights("head_W", [v, h], w.HeadWeights), g.Weights("head_b", [v], w.HeadBias)],
            [GraphContract.Logits], Int("transB", 1));
        JoinLayers(g, hiddenOut, GraphContract.HiddenOut);
        JoinLayers(g, cellOut, GraphContract.CellOut);
        return g.ToModel(sequence
            ? "Improv MusicLstm over a token sequence: logits per position and the final state."
            : "Improv MusicLstm, one token step with carried state.");
    }

    /// <summary>[L, 1, H] state into L tensors of [1, 1, H], the shape the LSTM operator takes.</summary>
    private static string[] SplitLayers(GraphBuilder g, string state, int layers) =>
        layers == 1
            ? [state]
            : g.Node("Split", [state, g.Int64s($"{state}_split", Enumerable.Repeat(1L, layers).ToArray())], layers, Int("axis", 0));

    private static void JoinLayers(GraphBuilder g, string[] parts, string output) =>
        g.Node(parts.Length == 1 ? "Identity" : "Concat", parts, [output], parts.Length == 1 ? [] : [Int("axis", 0)]);
}
