using Improv.Export.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Improv.Export.Measurement;

/// <summary>
/// One LSTM step in TorchSharp: embedding, one LSTMCell per layer (4-6x faster per step than nn.LSTM, see
/// PLATFORM.md), head, under no_grad. The state lives in tensors allocated once and overwritten in place.
/// </summary>
public sealed class TorchStep : ISteppable, IDisposable
{
    private readonly Embedding embedding;
    private readonly LSTMCell[] cells;
    private readonly Linear head;
    private readonly Tensor[] hidden;
    private readonly Tensor[] cell;
    private readonly Tensor[] tokens;
    private readonly Tensor logits;

    public TorchStep(NetworkWeights w)
    {
        var p = w.Shape;
        using var noGrad = no_grad();
        embedding = nn.Embedding(p.VocabularySize, p.EmbeddingSize);
        embedding.weight!.copy_(tensor(w.Embedding, p.VocabularySize, p.EmbeddingSize));
        cells = w.Layers.Select(layer =>
        {
            var lstm = nn.LSTMCell(layer.InputSize, p.HiddenSize);
            lstm.weight_ih!.copy_(tensor(layer.InputWeights, 4 * p.HiddenSize, layer.InputSize));
            lstm.weight_hh!.copy_(tensor(layer.RecurrentWeights, 4 * p.HiddenSize, p.HiddenSize));
            lstm.bias_ih!.copy_(tensor(layer.InputBias));
            lstm.bias_hh!.copy_(tensor(layer.RecurrentBias));
            lstm.eval();
            return lstm;
        }).ToArray();
        head = nn.Linear(p.HiddenSize, p.VocabularySize);
        head.weight!.copy_(tensor(w.HeadWeights, p.VocabularySize, p.HiddenSize));
        head.bias!.copy_(tensor(w.HeadBias));
        hidden = w.Layers.Select(_ => zeros(1, p.HiddenSize)).ToArray();
        cell = w.Layers.Select(_ => zeros(1, p.HiddenSize)).ToArray();
        // One index tensor per token, made once: a step then creates no input tensor of its own.
        tokens = Enumerable.Range(0, p.VocabularySize).Select(t => tensor(new long[] { t })).ToArray();
        logits = zeros(1, p.VocabularySize);
    }

    /// <summary>Copied out of the tensor: for agreement checks, never read on the timed path.</summary>
    public ReadOnlySpan<float> Logits => logits.data<float>().ToArray();

    public void Reset()
    {
        using var noGrad = no_grad();
        foreach (var state in hidden.Concat(cell).Append(logits))
        {
            state.zero_();
        }
    }

    public void Feed(int token)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = embedding.call(tokens[token]);
        for (var l = 0; l < cells.Length; l++)
        {
            var (h, c) = cells[l].call(x, (hidden[l], cell[l]));
            hidden[l].copy_(h);
            cell[l].copy_(c);
            x = h;
        }

        logits.copy_(head.call(x));
    }

    public void Dispose()
    {
        foreach (var t in hidden.Concat(cell).Concat(tokens).Append(logits))
        {
            t.Dispose();
        }

        foreach (var c in cells)
        {
            c.Dispose();
        }

        embedding.Dispose();
        head.Dispose();
    }
}
