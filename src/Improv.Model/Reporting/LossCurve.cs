using Improv.Model.Checkpoints;
using Improv.Model.Training;
using ScottPlot;

namespace Improv.Model.Reporting;

/// <summary>Redraws loss.png (train and validation NLL per epoch) after every epoch.</summary>
public sealed class LossCurve(RunFolder run) : ITrainingObserver
{
    public void EpochEnded(EpochScore score, IReadOnlyList<EpochScore> history) => Draw(history, run.LossCurve);

    public static void Draw(IReadOnlyList<EpochScore> history, string path)
    {
        var plot = new Plot();
        var epochs = history.Select(e => e.Epoch + 1.0).ToArray();
        var train = plot.Add.Scatter(epochs, history.Select(e => e.TrainNll).ToArray());
        train.LegendText = "train (running mean, dropout on)";
        var valid = plot.Add.Scatter(epochs, history.Select(e => e.ValidNll).ToArray());
        valid.LegendText = "validation";
        plot.Title("Improv LSTM: negative log-likelihood per token");
        plot.XLabel("epoch");
        plot.YLabel("NLL (nats per token)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);

        // Drawn beside and renamed, so a viewer never opens a half-written image.
        var temporary = $"{path}.tmp-{Environment.ProcessId}.png";
        plot.SavePng(temporary, 900, 540);
        File.Move(temporary, path, overwrite: true);
    }
}
