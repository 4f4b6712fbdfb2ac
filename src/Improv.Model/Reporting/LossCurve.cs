using Improv.Model.Checkpoints;
using Improv.Model.Training;
using Improv.Plots;

namespace Improv.Model.Reporting;

/// <summary>
/// Redraws loss.png (train and validation NLL per epoch) after every epoch, with the n-gram baseline's validation
/// NLL as a level line to beat.
/// </summary>
public sealed class LossCurve(RunFolder run, double baselineValidNll, string baselineName) : ITrainingObserver
{
    public void EpochEnded(EpochScore score, IReadOnlyList<EpochScore> history) =>
        Draw(history, run.LossCurve, (baselineValidNll, baselineName));

    public static void Draw(IReadOnlyList<EpochScore> history, string path, (double ValidNll, string Name)? baseline = null) =>
        LossPlot.Draw([.. history.Select(e => new EpochLoss(e.Epoch + 1, e.TrainNll, e.ValidNll))], path, baseline);
}
