using System.Globalization;
using Improv.Model.Checkpoints;
using Improv.Model.Training;

namespace Improv.Model.Reporting;

/// <summary>
/// CSV logs of a run: steps.csv (every logged step) and epochs.csv (train and validation NLL per epoch). On resume
/// the rows past the checkpoint are dropped, because the resumed run repeats those steps.
/// </summary>
public sealed class TrainingLog : ITrainingObserver
{
    private const string StepHeader = "time_utc,epoch,step_in_epoch,steps_in_epoch,global_step,loss_nats,learning_rate,gradient_norm,tokens_per_second,training_seconds";
    private const string EpochHeader = "epoch,train_nll,valid_nll";

    private readonly RunFolder run;

    public TrainingLog(RunFolder run, long resumedAtStep)
    {
        this.run = run;
        Directory.CreateDirectory(run.Path);
        Trim(run.StepLog, StepHeader, row => long.Parse(row.Split(',')[4], CultureInfo.InvariantCulture) <= resumedAtStep);
    }

    public void Stepped(StepReport r) => File.AppendAllText(run.StepLog, string.Create(CultureInfo.InvariantCulture,
        $"{DateTimeOffset.UtcNow:O},{r.Epoch + 1},{r.StepInEpoch},{r.StepsInEpoch},{r.GlobalStep},{r.Loss:F5},{r.LearningRate:G5},{r.GradientNorm:F4},{r.TokensPerSecond:F0},{r.Elapsed.TotalSeconds:F1}\n"));

    public void EpochEnded(EpochScore score, IReadOnlyList<EpochScore> history) =>
        DurableFile.Replace(run.EpochLog, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.WriteLine(EpochHeader);
            foreach (var e in history)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Epoch + 1},{e.TrainNll:F5},{e.ValidNll:F5}"));
            }
        });

    private static void Trim(string path, string header, Func<string, bool> keep)
    {
        var rows = File.Exists(path) ? File.ReadAllLines(path).Skip(1).Where(r => r.Length > 0).ToArray() : [];
        DurableFile.Replace(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.WriteLine(header);
            foreach (var row in rows.Where(keep))
            {
                writer.WriteLine(row);
            }
        });
    }
}
