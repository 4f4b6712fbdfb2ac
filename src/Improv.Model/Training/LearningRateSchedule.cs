namespace Improv.Model.Training;

/// <summary>
/// Linear warm-up, then cosine decay over the planned epochs. A pure function of the position in training,
/// so a resumed run needs no scheduler state.
/// </summary>
public static class LearningRateSchedule
{
    /// <param name="progress">Fractional epochs done, in [0, maxEpochs].</param>
    public static double At(TrainingConfig config, long step, double progress)
    {
        var warm = config.WarmupSteps == 0 ? 1.0 : Math.Min(1.0, (step + 1) / (double)config.WarmupSteps);
        var fraction = Math.Clamp(progress / config.MaxEpochs, 0, 1);
        var floor = config.FinalLearningRateFraction;
        var cosine = floor + (1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * fraction));
        return config.LearningRate * warm * cosine;
    }
}
