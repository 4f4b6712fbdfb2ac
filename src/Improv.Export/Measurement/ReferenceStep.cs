using System.Numerics.Tensors;
using Improv.Export.Onnx;

namespace Improv.Export.Measurement;

/// <summary>
/// One LSTM step in plain C# on TensorPrimitives, laid out as the exported step graph is (layer 0's input
/// projection as a per-token table row, deeper layers as one matrix over [x, h]): it reads the same bytes per
/// step as ONNX Runtime does, so its time is what the machine's memory bandwidth and SIMD allow. No library
/// offers an allocation-free single LSTM step on spans, hence this small hand-written one.
/// </summary>
public sealed class ReferenceStep : ISteppable
{
    private readonly int vocabulary;
    private readonly int hidden;
    private readonly int layers;

    // Gate rows in PyTorch order (i, f, g, o), each row [input weights | recurrent weights], biases summed.
    private readonly float[] inputTable;
    private readonly float[][] weights;
    private readonly float[][] bias;
    private readonly float[] headWeights;
    private readonly float[] headBias;

    private readonly float[] state;
    private readonly float[] cell;
    private readonly float[] gates;
    private readonly float[] joined;
    private readonly float[] logits;

    public ReferenceStep(NetworkWeights w)
    {
        var p = w.Shape;
        (vocabulary, hidden, layers) = (p.VocabularySize, p.HiddenSize, p.Layers);
        var rows = 4 * hidden;
        weights = new float[layers][];
        bias = new float[layers][];
        for (var l = 0; l < layers; l++)
        {
            var layer = w.Layers[l];
            bias[l] = new float[rows];
            TensorPrimitives.Add(layer.InputBias, layer.RecurrentBias, bias[l]);
            var width = (l == 0 ? 0 : layer.InputSize) + hidden;
            weights[l] = new float[rows * width];
            for (var row = 0; row < rows; row++)
            {
                var target = weights[l].AsSpan(row * width, width);
                if (l > 0)
                {
                    layer.InputWeights.AsSpan(row * layer.InputSize, layer.InputSize).CopyTo(target);
                }

                layer.RecurrentWeights.AsSpan(row * hidden, hidden).CopyTo(target[^hidden..]);
            }
        }

        inputTable = InputTable(w, bias[0]);
        headWeights = w.HeadWeights;
        headBias = w.HeadBias;
        state = new float[layers * hidden];
        cell = new float[layers * hidden];
        gates = new float[rows];
        joined = new float[2 * hidden];
        logits = new float[vocabulary];
    }

    public ReadOnlySpan<float> Logits => logits;

    public ReadOnlySpan<float> Hidden => state;

    public ReadOnlySpan<float> Cell => cell;

    public void Reset()
    {
        Array.Clear(state);
        Array.Clear(cell);
        Array.Clear(logits);
    }

    public void Feed(int token)
    {
        var rows = 4 * hidden;
        for (var l = 0; l < layers; l++)
        {
            var h = state.AsSpan(l * hidden, hidden);
            var c = cell.AsSpan(l * hidden, hidden);
            ReadOnlySpan<float> input;
            if (l == 0)
            {
                inputTable.AsSpan(token * rows, rows).CopyTo(gates);
                input = h;
            }
            else
            {
                bias[l].CopyTo(gates.AsSpan());
                state.AsSpan((l - 1) * hidden, hidden).CopyTo(joined);
                h.CopyTo(joined.AsSpan(hidden));
                input = joined;
            }

            var matrix = weights[l];
            var width = input.Length;
            for (var row = 0; row < rows; row++)
            {
                gates[row] += TensorPrimitives.Dot(matrix.AsSpan(row * width, width), input);
            }

            var i = gates.AsSpan(0, hidden);
            var f = gates.AsSpan(hidden, hidden);
            var g = gates.AsSpan(2 * hidden, hidden);
            var o = gates.AsSpan(3 * hidden, hidden);
            TensorPrimitives.Sigmoid(i, i);
            TensorPrimitives.Sigmoid(f, f);
            TensorPrimitives.Tanh(g, g);
            TensorPrimitives.Sigmoid(o, o);
            TensorPrimitives.Multiply(f, c, c);
            TensorPrimitives.MultiplyAdd(i, g, c, c);
            TensorPrimitives.Tanh(c, h);
            TensorPrimitives.Multiply(o, h, h);
        }

        var top = state.AsSpan((layers - 1) * hidden, hidden);
        for (var v = 0; v < vocabulary; v++)
        {
            logits[v] = headBias[v] + TensorPrimitives.Dot(headWeights.AsSpan(v * hidden, hidden), top);
        }
    }

    /// <summary>[V, 4H]: each token's embedding row times layer 0's input weights, plus both biases.</summary>
    private static float[] InputTable(NetworkWeights w, float[] summedBias)
    {
        var (v, e, rows) = (w.Shape.VocabularySize, w.Shape.EmbeddingSize, 4 * w.Shape.HiddenSize);
        var input = w.Layers[0].InputWeights;
        var table = new float[v * rows];
        for (var token = 0; token < v; token++)
        {
            var embedded = w.Embedding.AsSpan(token * e, e);
            for (var row = 0; row < rows; row++)
            {
                table[token * rows + row] = summedBias[row] + TensorPrimitives.Dot(input.AsSpan(row * e, e), embedded);
            }
        }

        return table;
    }
}
