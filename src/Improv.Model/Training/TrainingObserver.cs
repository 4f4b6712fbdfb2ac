using Improv.Model.Checkpoints;

namespace Improv.Model.Training;

/// <summary>
/// One logged training step: loss is the mean over the steps since the previous report; the ETAs extrapolate the
/// latest throughput to the end of the epoch and to the last planned epoch (early stopping may end sooner).
/// </summary>
public sealed record StepReport(
    int Epoch,
    int StepInEpoch,
    int StepsInEpoch,
    long GlobalStep,
    double Loss,
    double LearningRate,
    double GradientNorm,
    double TokensPerSecond,
    TimeSpan Elapsed,
    TimeSpan EpochEta,
    TimeSpan RunEta);

/// <summary>What a training run tells the outside world: progress display, logs and plots subscribe.</summary>
public interface ITrainingObserver
{
    /// <summary>An epoch begins (or resumes at <paramref name="firstStep"/>).</summary>
    void EpochStarted(int epoch, int maxEpochs, int steps, int firstStep) { }

    void Stepped(StepReport report) { }

    void EpochEnded(EpochScore score, IReadOnlyList<EpochScore> history) { }

    void Saved(string checkpoint) { }

    void Note(string message) { }
}
