namespace Improv.Inference.Model;

/// <summary>
/// What a model folder says about itself (manifest.json beside the .onnx files): enough to refuse a model
/// that does not fit this build and to reproduce the one that does. <see cref="History"/> (the loss curve),
/// <see cref="Baseline"/>, and v2's <see cref="Styles"/>, <see cref="Parts"/> and <see cref="Licence"/> came later:
/// manifests written before them still load, with them null (a v1 model knows one part and no styles).
/// </summary>
public sealed record ModelManifest(
    int Format,
    string VocabularyVersion,
    IReadOnlyList<string> Tokens,
    Hyperparameters Hyperparameters,
    CorpusIdentity Corpus,
    NllSummary Nll,
    string TrainingCommand,
    int Opset,
    DateTimeOffset ExportedAt,
    GraphFile StepGraph,
    GraphFile SequenceGraph,
    IReadOnlyList<EpochNll>? History = null,
    BaselineNll? Baseline = null,
    IReadOnlyList<string>? Styles = null,
    IReadOnlyList<string>? Parts = null,
    string? Licence = null)
{
    /// <summary>The manifest layout this build reads and writes.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The manifest's file name inside a model folder.</summary>
    public const string FileName = "manifest.json";
}

/// <summary>The network's hyperparameters: the tensor sizes the graphs must have, plus training's dropout.</summary>
public sealed record Hyperparameters(int VocabularySize, int EmbeddingSize, int HiddenSize, int Layers, double Dropout);

/// <summary>Which corpus the model learnt from, and a hash of the train/valid/test file lists that fixes the split.</summary>
public sealed record CorpusIdentity(string Name, string SplitHash);

/// <summary>Mean negative log-likelihood per token (nats) on each split; null where it was not measured.</summary>
public sealed record NllSummary(double? Train, double? Valid, double? Test);

/// <summary>One ONNX graph in the folder: its file name, SHA-256 (lower-case hex) and how it was built ("lstm" operator or "unrolled").</summary>
public sealed record GraphFile(string File, string Sha256, string Form);

/// <summary>Train and validation NLL (nats/token) after one epoch (1-based); train is the running mean with dropout on.</summary>
public sealed record EpochNll(int Epoch, double TrainNll, double ValidNll);

/// <summary>The n-gram baseline's NLL (nats/token) on the same corpus split, e.g. "3-gram Kneser-Ney"; null where not measured.</summary>
public sealed record BaselineNll(string Name, double? Valid, double? Test);
