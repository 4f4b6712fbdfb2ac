using Improv.Model.Checkpoints;
using Improv.Model.Training;

namespace Improv.Model.Reporting;

/// <summary>Passes every training event to several observers, in order.</summary>
public sealed class TrainingObservers(params ITrainingObserver[] observers) : ITrainingObserver
{
    public void EpochStarted(int epoch, int maxEpochs, int steps, int firstStep)
    {
        foreach (var o in observers)
        {
            o.EpochStarted(epoch, maxEpochs, steps, firstStep);
        }
    }

    public void Stepped(StepReport report)
    {
        foreach (var o in observers)
        {
            o.Stepped(report);
        }
    }

    public void EpochEnded(EpochScore score, IReadOnlyList<EpochScore> history)
    {
        foreach (var o in observers)
        {
            o.EpochEnded(score, history);
        }
    }

    public void Saved(string checkpoint)
    {
        foreach (var o in observers)
        {
            o.Saved(checkpoint);
        }
    }

    public void Note(string message)
    {
        foreach (var o in observers)
        {
            o.Note(message);
        }
    }
}
