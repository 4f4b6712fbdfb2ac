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
    IReadOnlyDictionary<string, string> Plots);

/// <summary>The model folder evaluated (relative to where the command ran, so a committed report names no machine), and what its manifest says.</summary>
public sealed record ModelSummary(string Folder, DateTimeOffset ExportedAt, string TrainingCommand, string SplitHash,
    double? ManifestValidNll, double? ManifestTestNll, int HiddenSize, int Layers);

/// <summary>The corpus folder, its split's hash (equal to the model's when the model never saw these songs) and sizes.</summary>
public sealed record CorpusSummary(string Folder, string SplitHash, bool SplitMatchesModel, int TrainSongs, long TrainTokens, int SplitSongs);

/// <summary>NLL per token (nats) and perplexity of the model and of the n-gram baseline on the same songs and tokens.</summary>
public sealed record Likelihood(int Songs, long Tokens, double NllPerToken, double Perplexity, string Baseline,
    double BaselineNllPerToken, double BaselinePerplexity);

/// <summary>One primer: its song, the seed its continuation was sampled with, the key found in it, note counts.</summary>
public sealed record SampleSummary(string Song, int Seed, string? PrimerKey, int PrimerNotes, int RealNotes, int GeneratedNotes);
