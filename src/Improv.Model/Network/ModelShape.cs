namespace Improv.Model.Network;

/// <summary>The hyperparameters that fix a network's tensors: what a checkpoint and a manifest must agree on.</summary>
public sealed record ModelShape(int VocabularySize, int EmbeddingSize, int HiddenSize, int Layers, double Dropout)
{
    /// <summary>Names the setting that is out of range, or null when the shape is usable.</summary>
    public string? Problem() => this switch
    {
        { VocabularySize: < 2 } => $"vocabulary size {VocabularySize} must be at least 2",
        { EmbeddingSize: < 1 } => $"embedding size {EmbeddingSize} must be positive",
        { HiddenSize: < 128 or > 1024 } => $"hidden size {HiddenSize} must be 128 to 1024",
        { Layers: < 1 or > 3 } => $"layers {Layers} must be 1 to 3",
        { Dropout: < 0 or >= 1 } => $"dropout {Dropout} must be in [0, 1)",
        _ => null,
    };
}
