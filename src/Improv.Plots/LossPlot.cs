using ScottPlot;

namespace Improv.Plots;

/// <summary>One epoch of a training run: train and validation NLL in nats per token, epochs counted from 1.</summary>
public readonly record struct EpochLoss(int Epoch, double TrainNll, double ValidNll);

/// <summary>
/// The loss curve: train and validation NLL per epoch, with the n-gram baseline's validation NLL as a dashed level
/// line to beat. Drawn by improv-train after every epoch and by improv-evaluate from a model's manifest.
/// </summary>
public static class LossPlot
{
    public static void Draw(IReadOnlyList<EpochLoss> history, string path, (double ValidNll, string Name)? baseline = null)
    {
        var plot = new Plot();
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        var train = plot.Add.Scatter(epochs, history.Select(e => e.TrainNll).ToArray());
        train.LegendText = "train (running mean, dropout on)";
        var valid = plot.Add.Scatter(epochs, history.Select(e => e.ValidNll).ToArray());
        valid.LegendText = "validation";
        if (baseline is { } level)
        {
            var line = plot.Add.HorizontalLine(level.ValidNll);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"{level.Name} baseline, validation ({level.ValidNll:F3})";
        }

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
