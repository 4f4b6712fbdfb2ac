using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Improv.Model.Network;
using Improv.Music.Tokens;

namespace Improv.Model.Training;

/// <summary>What happens to the LSTM state where one training window ends and the next begins.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WindowEdge>))]
public enum WindowEdge
{
    /// <summary>Each batch row is a contiguous lane of the shuffled corpus; the state flows into the next window.</summary>
    Carry,

    /// <summary>Windows are cut from songs and shuffled; every window starts from a zero state.</summary>
    Reset,
}

/// <summary>Every hyperparameter of a training run: read from config/train.json, overridable per option.</summary>
public sealed record TrainingConfig
{
    public int EmbeddingSize { get; init; } = 256;
    public int HiddenSize { get; init; } = 256;
    public int Layers { get; init; } = 2;
    public double Dropout { get; init; } = 0.2;

    /// <summary>Tokens per truncated-BPTT window (T).</summary>
    public int WindowTokens { get; init; } = 128;
    public int BatchSize { get; init; } = 32;
    public WindowEdge WindowEdge { get; init; } = WindowEdge.Carry;

    public double LearningRate { get; init; } = 2e-3;
    public int WarmupSteps { get; init; } = 200;

    /// <summary>The cosine schedule decays to this fraction of the peak learning rate at the last epoch.</summary>
    public double FinalLearningRateFraction { get; init; } = 0.05;
    public double WeightDecay { get; init; } = 0.01;
    public double GradientClipNorm { get; init; } = 1.0;

    public int MaxEpochs { get; init; } = 20;

    /// <summary>Epochs without a better validation NLL before training stops.</summary>
    public int Patience { get; init; } = 3;
    public int Seed { get; init; } = 909;
    public int Threads { get; init; } = 2;

    /// <summary>A checkpoint is also written mid-epoch once this many minutes passed since the last one.</summary>
    public double CheckpointMinutes { get; init; } = 10;
    public int LogEverySteps { get; init; } = 10;

    /// <summary>Songs per batch when computing validation and test NLL.</summary>
    public int EvaluationBatchSize { get; init; } = 16;

    public int MaxTransposeSemitones { get; init; } = 5;
    public double MaxTempoStretch { get; init; } = 0.05;

    /// <summary>The token vocabulary's version (performance-v1 or performance-v2).</summary>
    public string Vocabulary { get; init; } = TokenVocabulary.PerformanceV1.Version;

    /// <summary>
    /// Training tokens an epoch draws from a corpus catalog, each corpus by its weight (0: every training song once,
    /// the only choice for a single corpus folder).
    /// </summary>
    public long EpochTokens { get; init; }

    /// <summary>The share of training pieces whose style token is replaced by STYLE_ANY, so the model also plays untold.</summary>
    public double StyleAnyFraction { get; init; } = 0.2;

    /// <summary>
    /// A checkpoint (or run folder) of a model in another vocabulary to start from: the LSTM is copied whole and
    /// every token row that has a counterpart (v1 NOTE_ON_60 -> NOTE_ON_LEAD_60 and NOTE_ON_ACCOMPANIMENT_60).
    /// </summary>
    public string? WarmStart { get; init; }

    /// <summary>The vocabulary these settings train on.</summary>
    [JsonIgnore]
    public TokenVocabulary TokenVocabulary => TokenVocabulary.Of(Vocabulary);

    /// <summary>The network these settings build, over their vocabulary.</summary>
    [JsonIgnore]
    public ModelShape Shape => new(TokenVocabulary.Of(Vocabulary).Size, EmbeddingSize, HiddenSize, Layers, Dropout);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Names the first setting that is out of range, or null.</summary>
    public string? Problem() => this switch
    {
        _ when TokenVocabulary.Find(Vocabulary) is null =>
            $"vocabulary '{Vocabulary}' is unknown; this build knows {string.Join(", ", TokenVocabulary.All.Select(v => v.Version))}",
        _ when Shape.Problem() is { } shape => shape,
        { EpochTokens: < 0 } => $"epochTokens {EpochTokens} must not be negative",
        { StyleAnyFraction: < 0 or > 1 } => $"styleAnyFraction {StyleAnyFraction} must be in [0, 1]",
        { WindowTokens: < 2 } => $"windowTokens {WindowTokens} must be at least 2",
        { BatchSize: < 1 } => $"batchSize {BatchSize} must be positive",
        { LearningRate: <= 0 } => $"learningRate {LearningRate} must be positive",
        { WarmupSteps: < 0 } => $"warmupSteps {WarmupSteps} must not be negative",
        { FinalLearningRateFraction: < 0 or > 1 } => $"finalLearningRateFraction {FinalLearningRateFraction} must be in [0, 1]",
        { WeightDecay: < 0 } => $"weightDecay {WeightDecay} must not be negative",
        { GradientClipNorm: <= 0 } => $"gradientClipNorm {GradientClipNorm} must be positive",
        { MaxEpochs: < 1 } => $"maxEpochs {MaxEpochs} must be positive",
        { Patience: < 1 } => $"patience {Patience} must be positive",
        { Threads: < 1 } => $"threads {Threads} must be positive",
        { CheckpointMinutes: < 0 } => $"checkpointMinutes {CheckpointMinutes} must not be negative",
        { LogEverySteps: < 1 } => $"logEverySteps {LogEverySteps} must be positive",
        { EvaluationBatchSize: < 1 } => $"evaluationBatchSize {EvaluationBatchSize} must be positive",
        { MaxTransposeSemitones: < 0 } => $"maxTransposeSemitones {MaxTransposeSemitones} must not be negative",
        { MaxTempoStretch: < 0 or >= 1 } => $"maxTempoStretch {MaxTempoStretch} must be in [0, 1)",
        _ => null,
    };

    /// <summary>
    /// Reads a config file and applies overrides (JSON property name -> value text) on top of it, so an override
    /// is parsed and checked exactly like the file. Throws <see cref="FormatException"/> naming the file or setting.
    /// </summary>
    public static TrainingConfig Load(string? path, IReadOnlyDictionary<string, string> overrides)
    {
        JsonObject root;
        try
        {
            root = path is null ? new JsonObject() : JsonNode.Parse(File.ReadAllText(path))?.AsObject()
                ?? throw new FormatException($"{path}: empty config");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IOException)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }

        foreach (var (name, text) in overrides)
        {
            root[name] = ParseValue(text);
        }

        TrainingConfig config;
        try
        {
            config = root.Deserialize<TrainingConfig>(Json) ?? new TrainingConfig();
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path ?? "settings"}: {e.Message}", e);
        }

        return config.Problem() is { } problem ? throw new FormatException($"{path ?? "settings"}: {problem}") : config;
    }

    /// <summary>A number or boolean stays one; anything else (e.g. an enum name) is a JSON string.</summary>
    private static JsonNode? ParseValue(string text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            if (node is JsonValue value && (value.TryGetValue(out double _) || value.TryGetValue(out bool _)))
            {
                return node;
            }
        }
        catch (JsonException)
        {
        }

        return JsonValue.Create(text);
    }

    /// <summary>The JSON property names, one per setting: the command line offers each as an override.</summary>
    public static IReadOnlyList<string> SettingNames { get; } = typeof(TrainingConfig).GetProperties()
        .Where(p => p.CanWrite && p.GetCustomAttributes(typeof(JsonIgnoreAttribute), false).Length == 0)
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
        .ToArray();
}
