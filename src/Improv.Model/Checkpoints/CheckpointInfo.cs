using Improv.Model.Network;
using Improv.Model.Training;

namespace Improv.Model.Checkpoints;

/// <summary>Train and validation NLL (nats/token) after one epoch; train is the running mean with dropout on.</summary>
public sealed record EpochScore(int Epoch, double TrainNll, double ValidNll);

/// <summary>Where a run stands: enough, with the weights and optimiser state, to continue it exactly.</summary>
public sealed record TrainingPosition
{
    /// <summary>The epoch in progress (or the next one when <see cref="StepInEpoch"/> is 0).</summary>
    public int Epoch { get; init; }
    public int StepInEpoch { get; init; }
    public long GlobalStep { get; init; }

    /// <summary>Numbers checkpoints in the order they were saved: names them and finds the newest.</summary>
    public int SaveNumber { get; init; }
    public bool Finished { get; init; }
    public string? StopReason { get; init; }
    public double BestValidNll { get; init; } = double.PositiveInfinity;
    public int BestEpoch { get; init; } = -1;
    public int EpochsWithoutImprovement { get; init; }

    /// <summary>Sum and count of the step losses of the epoch in progress (its train NLL so far).</summary>
    public double EpochLossSum { get; init; }
    public int EpochLossSteps { get; init; }
    public double TrainingSeconds { get; init; }
    public IReadOnlyList<EpochScore> History { get; init; } = [];
}

/// <summary>Everything about a checkpoint besides its tensors: what the exporter and `eval` need to know.</summary>
public sealed record CheckpointInfo
{
    public const string CurrentFormat = "improv-checkpoint-v1";

    public string Format { get; init; } = CurrentFormat;
    public required ModelShape Shape { get; init; }
    public required string VocabularyVersion { get; init; }

    /// <summary>Hash of the train/valid/test song ids and vocabulary version the run used.</summary>
    public required string SplitIdentity { get; init; }

    /// <summary>The command line that started the run, as typed.</summary>
    public required string Command { get; init; }
    public required TrainingConfig Config { get; init; }
    public required TrainingPosition Position { get; init; }
    public DateTimeOffset SavedAt { get; init; }

    /// <summary>Train NLL of the last finished epoch, nats/token; null before the first epoch ends.</summary>
    public double? TrainNll => Position.History.Count == 0 ? null : Position.History[^1].TrainNll;

    /// <summary>Validation NLL of the last finished epoch, nats/token.</summary>
    public double? ValidNll => Position.History.Count == 0 ? null : Position.History[^1].ValidNll;

    /// <summary>Test NLL, nats/token, once `improv-train eval` has scored this checkpoint.</summary>
    public double? TestNll { get; init; }
}
