using Improv.Model.Checkpoints;
using Improv.Model.Training;

namespace Improv.Model.Tests;

/// <summary>Settings for runs that take seconds: the smallest network the shape allows, short windows, few songs.</summary>
internal static class TinyRuns
{
    public static TrainingConfig Config { get; } = new()
    {
        EmbeddingSize = 16,
        HiddenSize = 128,
        Layers = 2,
        Dropout = 0.1,
        WindowTokens = 32,
        BatchSize = 8,
        LearningRate = 1e-2,
        WarmupSteps = 5,
        MaxEpochs = 3,
        Patience = 3,
        Seed = 5,
        Threads = 2,
        CheckpointMinutes = 60,
        LogEverySteps = 1,
        EvaluationBatchSize = 4,
    };

    /// <summary>Cancels a run once it has done <paramref name="steps"/> steps (reports arrive every step).</summary>
    public sealed class StopAfter(long steps) : ITrainingObserver
    {
        private readonly CancellationTokenSource source = new();

        public CancellationToken Token => source.Token;

        public void Stepped(StepReport report)
        {
            if (report.GlobalStep >= steps)
            {
                source.Cancel();
            }
        }
    }

    /// <summary>Records what a run reports, for assertions.</summary>
    public sealed class Recorder : ITrainingObserver
    {
        public List<StepReport> Steps { get; } = [];

        public List<EpochScore> Epochs { get; } = [];

        public void Stepped(StepReport report) => Steps.Add(report);

        public void EpochEnded(EpochScore score, IReadOnlyList<EpochScore> history) => Epochs.Add(score);
    }
}
