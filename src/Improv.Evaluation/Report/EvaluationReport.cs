using Improv.Music.Statistics;

namespace Improv.Evaluation.Report;

/// <summary>Every number `improv-evaluate` measured: what report.json holds and report.md shows.</summary>
public sealed record EvaluationReport(
    ModelSummary Model,
    CorpusSummary Corpus,
    EvaluationSettings Settings,
    Likelihood Likelihood,
    SetMeasures Generated,
    SetMeasures Real,
    IReadOnlyList<FeatureComparison> Style,
    int StyleSamples,
    IReadOnlyList<SampleSummary> Samples,
    IReadOnlyDictionary<string, double> Seconds,
    IReadOnlyDictionary<string, string> Plots)
{
    /// <summary>The style the model was told ("any" when not told; null for a model without styles).</summary>
    public string? ToldStyle { get; init; }

    /// <summary>The model's accompaniment under the real lead, beside the real and another piece's (two-part models on two-part corpora).</summary>
    public AccompanimentReport? Accompaniment { get; init; }
}

/// <summary>The model folder evaluated (relative to where the command ran, so a committed report names no machine), and what its manifest says.</summary>
public sealed record ModelSummary(string Folder, DateTimeOffset ExportedAt, string TrainingCommand, string SplitHash,
    double? ManifestValidNll, double? ManifestTestNll, int HiddenSize, int Layers);

/// <summary>The corpus folder, its split's hash (equal to the model's when the model never saw these songs) and sizes.</summary>
public sealed record CorpusSummary(string Folder, string SplitHash, bool SplitMatchesModel, int TrainSongs, long TrainTokens, int SplitSongs);

/// <summary>NLL per token (nats) and perplexity of the model and of the n-gram baseline on the same songs and tokens.</summary>
public sealed record Likelihood(int Songs, long Tokens, double NllPerToken, double Perplexity, string Baseline,
    double BaselineNllPerToken, double BaselinePerplexity)
{
    /// <summary>Notes in the scored songs (their NOTE_ON tokens): per note, models of different vocabularies compare fairly.</summary>
    public long Notes { get; init; }

    public double NllPerNote => Notes == 0 ? double.NaN : NllPerToken * Tokens / Notes;

    public double BaselineNllPerNote => Notes == 0 ? double.NaN : BaselineNllPerToken * Tokens / Notes;
}

/// <summary>One primer: its song, the seed its continuation was sampled with, the key found in it, note counts.</summary>
public sealed record SampleSummary(string Song, int Seed, string? PrimerKey, int PrimerNotes, int RealNotes, int GeneratedNotes);
