using Improv.Export.Onnx.Proto;
using Improv.Inference.Model;
using static Improv.Export.Onnx.GraphBuilder;

namespace Improv.Export.Onnx;

/// <summary>
/// One step written out in elementary operators: per layer one Gemm over [x, h] with the input and
/// recurrent weights side by side (layer 0: a table lookup plus a Gemm over h), then the gate nonlinearities. The alternative to the LSTM operator
/// for the step graph, kept if it is faster per step.
/// </summary>
internal static class UnrolledStepGraph
{
    // Gates as (i, f, o, g): the three sigmoid gates side by side, so one Sigmoid covers them.
    private static readonly int[] SigmoidsFirst = [0, 1, 3, 2];

    public static ModelProto Step(NetworkWeights w)
    {
        var p = w.Shape;
        var (v, h, layers) = ((long)p.VocabularySize, (long)p.HiddenSize, p.Layers);
        var g = new GraphBuilder("improv_step_unrolled");
        g.Interface(GraphContract.Step(p));

        var gateSplit = g.Int64s("gate_split", 3 * h, h);
        var sigmoidSplit = g.Int64s("sigmoid_split", h, h, h);
        var hiddenOut = new string[layers];
        var cellOut = new string[layers];
        var x = "";
        for (var l = 0; l < layers; l++)
        {
            var layer = w.Layers[l];
            var index = g.Int64s($"layer_{l}", [], l);
            var hPrevious = g.Node1("Gather", [GraphContract.Hidden, index], Int("axis", 0));
            var cPrevious = g.Node1("Gather", [GraphContract.Cell, index], Int("axis", 0));

            // Layer 0's input is one embedding row, so its input projection (plus both biases) is a table
            // row too: precomputed per token, a step reads one row of it instead of the whole W_ih.
            var gates = l == 0
                ? g.Node1("Gemm",
                    [hPrevious, g.Weights("R_0", [4 * h, h], NetworkWeights.ReorderGates(layer.RecurrentWeights, SigmoidsFirst)),
                     g.Node1("Gather", [g.Weights("input_gates_0", [v, 4 * h], InputGateTable(w)), GraphContract.Token], Int("axis", 0))],
                    Int("transB", 1))
                : g.Node1("Gemm",
                    [g.Node1("Concat", [x, hPrevious], Int("axis", 1)),
                     g.Weights($"W_{l}", [4 * h, layer.InputSize + h], SideBySide(layer, (int)h)),
                     g.Weights($"b_{l}", [4 * h], SummedBias(layer))],
                    Int("transB", 1));
            var parts = g.Node("Split", [gates, gateSplit], 2, Int("axis", 1));
            var sigmoids = g.Node1("Sigmoid", [parts[0]]);
            var candidate = g.Node1("Tanh", [parts[1]]);
            var ifo = g.Node("Split", [sigmoids, sigmoidSplit], 3, Int("axis", 1));
            var c = g.Node1("Add", [g.Node1("Mul", [ifo[1], cPrevious]), g.Node1("Mul", [ifo[0], candidate])]);
            x = g.Node1("Mul", [ifo[2], g.Node1("Tanh", [c])]);
            hiddenOut[l] = x;
            cellOut[l] = c;
        }

        g.Node("Gemm", [x, g.Weights("head_W", [v, h], w.HeadWeights), g.Weights("head_b", [v], w.HeadBias)],
            [GraphContract.Logits], Int("transB", 1));
        var stateShape = g.Int64s("state_shape", layers, 1, h);
        g.Node("Reshape", [JoinLayers(g, hiddenOut), stateShape], [GraphContract.HiddenOut]);
        g.Node("Reshape", [JoinLayers(g, cellOut), stateShape], [GraphContract.CellOut]);
        return g.ToModel("Improv MusicLstm, one token step with carried state, in elementary operators.");
    }

    /// <summary>[W_ih | W_hh] row by row, gates reordered: a [4H, in + H] matrix for one Gemm over [x, h].</summary>
    private static float[] SideBySide(LayerWeights layer, int h)
    {
        var input = NetworkWeights.ReorderGates(layer.InputWeights, SigmoidsFirst);
        var recurrent = NetworkWeights.ReorderGates(layer.RecurrentWeights, SigmoidsFirst);
        var width = layer.InputSize + h;
        var result = new float[4 * h * width];
        for (var row = 0; row < 4 * h; row++)
        {
            Array.Copy(input, row * layer.InputSize, result, row * width, layer.InputSize);
            Array.Copy(recurrent, row * h, result, row * width + layer.InputSize, h);
        }

        return result;
    }

    /// <summary>[V, 4H]: embedding row times W_ih^T plus both biases, per token, in double then rounded once.</summary>
    private static float[] InputGateTable(NetworkWeights w)
    {
        var layer = w.Layers[0];
        var (v, e, rows) = (w.Shape.VocabularySize, w.Shape.EmbeddingSize, 4 * w.Shape.HiddenSize);
        var weights = NetworkWeights.ReorderGates(layer.InputWeights, SigmoidsFirst);
        var bias = SummedBias(layer);
        var table = new float[v * rows];
        Parallel.For(0, v, token =>
        {
            for (var row = 0; row < rows; row++)
            {
                double sum = bias[row];
                for (var k = 0; k < e; k++)
                {
                    sum += (double)w.Embedding[token * e + k] * weights[row * e + k];
                }

                table[token * rows + row] = (float)sum;
            }
        });
        return table;
    }

    private static float[] SummedBias(LayerWeights layer)
    {
        var input = NetworkWeights.ReorderGates(layer.InputBias, SigmoidsFirst);
        var recurrent = NetworkWeights.ReorderGates(layer.RecurrentBias, SigmoidsFirst);
        return input.Zip(recurrent, (a, b) => a + b).ToArray();
    }

    private static string JoinLayers(GraphBuilder g, string[] parts) =>
        parts.Length == 1 ? parts[0] : g.Node1("Concat", parts, Int("axis", 0));
}
