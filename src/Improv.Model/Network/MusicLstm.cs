using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Improv.Model.Network;

/// <summary>
/// Token embedding -> L-layer LSTM -> linear head over the vocabulary. The submodule names
/// (embedding, lstm, head) are the state_dict keys the exporter reads: keep them.
/// </summary>
public sealed class MusicLstm : nn.Module<Tensor, (Tensor H, Tensor C)?, (Tensor Logits, (Tensor H, Tensor C) State)>
{
    private readonly Embedding embedding;
    private readonly LSTM lstm;
    private readonly Dropout dropout;
    private readonly Linear head;

    public MusicLstm(ModelShape shape) : base(nameof(MusicLstm))
    {
        if (shape.Problem() is { } problem)
        {
            throw new ArgumentException($"model shape: {problem}", nameof(shape));
        }

        Shape = shape;
        embedding = nn.Embedding(shape.VocabularySize, shape.EmbeddingSize);
        lstm = nn.LSTM(shape.EmbeddingSize, shape.HiddenSize, numLayers: shape.Layers, batchFirst: true,
            dropout: shape.Layers > 1 ? shape.Dropout : 0.0);
        dropout = nn.Dropout(shape.Dropout);
        head = nn.Linear(shape.HiddenSize, shape.VocabularySize);
        RegisterComponents();
    }

    public ModelShape Shape { get; }

    /// <summary>tokens [batch, time] int64; state ([L, batch, H], [L, batch, H]) or null for zeros.</summary>
    public override (Tensor Logits, (Tensor H, Tensor C) State) forward(Tensor tokens, (Tensor H, Tensor C)? state)
    {
        // Intermediate tensors are left to the caller's DisposeScope: in eval mode dropout may return its input.
        var embedded = embedding.call(tokens);
        var (output, h, c) = lstm.call(embedded, state.HasValue ? (state.Value.H, state.Value.C) : null);
        return (head.call(dropout.call(output)), (h, c));
    }
}
