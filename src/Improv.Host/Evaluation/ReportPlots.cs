using Improv.Inference.Model;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using ScottPlot;

namespace Improv.Host.Evaluation;

/// <summary>
/// The report's pictures (ScottPlot PNG): the loss curve from the model's manifest, and the real continuations
/// beside the generated ones for note length, pitch against velocity, pitch class and inter-onset interval.
/// </summary>
public static class ReportPlots
{
    private const int Width = 900;
    private const int Height = 520;
    private static readonly Color RealColor = new(31, 119, 180);
    private static readonly Color GeneratedColor = new(214, 39, 40);
    private static readonly string[] PitchClassNames = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];

    /// <summary>Train and validation NLL per epoch, the baseline as a level line; false (nothing drawn) without a history.</summary>
    public static bool Loss(ModelManifest manifest, string path)
    {
        if (manifest.History is not { Count: > 0 } history)
        {
            return false;
        }

        var plot = new Plot();
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        var train = plot.Add.Scatter(epochs, history.Select(e => e.TrainNll).ToArray(), RealColor);
        train.LegendText = "train (running mean, dropout on)";
        var valid = plot.Add.Scatter(epochs, history.Select(e => e.ValidNll).ToArray(), GeneratedColor);
        valid.LegendText = "validation";
        if (manifest.Baseline is { Valid: { } baseline } b)
        {
            var line = plot.Add.HorizontalLine(baseline, color: Colors.Gray);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"{b.Name} baseline, validation ({baseline:F3})";
        }

        plot.Title("Training: negative log-likelihood per token");
        plot.XLabel("epoch");
        plot.YLabel("NLL (nats per token)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
        return true;
    }

    /// <summary>Share of notes per 50 ms of length, up to 3 s (longer notes fall in the last bin).</summary>
    public static void NoteLengths(IEnumerable<Note> real, IEnumerable<Note> generated, string path) =>
        Histogram(real.Select(n => n.Duration), generated.Select(n => n.Duration), 0.05, 3.0,
            "Note length", "note length (s; the last bin holds every note of 2.95 s and longer)", path);

    /// <summary>Share of onset gaps per 20 ms, up to 1 s; chord notes struck together give the 0 s bin.</summary>
    public static void InterOnsetIntervals(IEnumerable<IReadOnlyList<Note>> real, IEnumerable<IReadOnlyList<Note>> generated, string path) =>
        Histogram(real.SelectMany(Gaps), generated.SelectMany(Gaps), 0.02, 1.0,
            "Inter-onset interval (time from one note's start to the next)", "inter-onset interval (s; first bin: struck together; the last bin holds every gap of 0.98 s and longer)", path);

    /// <summary>Pitch-class histograms side by side, as shares of notes.</summary>
    public static void PitchClassHistogram(IEnumerable<Note> real, IEnumerable<Note> generated, string path)
    {
        var plot = new Plot();
        void Add(double[] shares, double offset, Color color, string label)
        {
            var bars = plot.Add.Bars(Enumerable.Range(0, PitchClasses.Count).Select(c => c + offset).ToArray(), shares.Select(s => s * 100).ToArray());
            foreach (var bar in bars.Bars)
            {
                bar.Size = 0.38;
                bar.FillColor = color;
                bar.LineWidth = 0;
            }

            bars.LegendText = label;
        }

        var realShares = PitchClasses.Histogram(real);
        var generatedShares = PitchClasses.Histogram(generated);
        Add(realShares, -0.2, RealColor, RealLabel);
        Add(generatedShares, 0.2, GeneratedColor, GeneratedLabel);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, PitchClasses.Count).Select(c => (double)c)], PitchClassNames);
        plot.Title("Pitch-class histogram (all keys pooled)");
        plot.XLabel("pitch class");
        plot.YLabel("share of notes (%)");
        // Room above the tallest bar for the legend.
        plot.Axes.SetLimitsY(0, Math.Max(1, 100 * realShares.Concat(generatedShares).Max() * 1.25));
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Every note as a point (pitch, velocity), and the mean velocity per pitch of each set as a line.</summary>
    public static void PitchVelocity(IReadOnlyCollection<Note> real, IReadOnlyCollection<Note> generated, string path)
    {
        var plot = new Plot();
        var jitter = new Random(0);
        void Add(IReadOnlyCollection<Note> notes, double offset, Color color, string label)
        {
            // Velocities sit on 32 bins and pitches on semitones: a small jitter shows how many notes share a point.
            var points = plot.Add.ScatterPoints(
                notes.Select(n => n.Pitch + offset + (jitter.NextDouble() - 0.5) * 0.3).ToArray(),
                notes.Select(n => n.Velocity + (jitter.NextDouble() - 0.5) * 3).ToArray(),
                color.WithAlpha(45));
            points.MarkerSize = 3;
            var means = notes.GroupBy(n => n.Pitch).Where(g => g.Count() >= 5).OrderBy(g => g.Key).ToArray();
            var line = plot.Add.Scatter(means.Select(g => (double)g.Key).ToArray(), means.Select(g => g.Average(n => n.Velocity)).ToArray(), color);
            line.LineWidth = 2.5f;
            line.MarkerSize = 0;
            line.LegendText = $"{label}: mean velocity per pitch (pitches with 5+ notes)";
        }

        Add(real, -0.2, RealColor, RealLabel);
        Add(generated, 0.2, GeneratedColor, GeneratedLabel);
        plot.Title("Pitch and velocity (dots: single notes)");
        plot.XLabel("pitch (MIDI note number; 60 = middle C)");
        plot.YLabel("velocity (MIDI, 1-127)");
        plot.Axes.SetLimitsY(0, 128);
        // Soft notes are rare in pop piano: the lower right is where the legend hides the fewest dots.
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    private const string RealLabel = "real continuations";
    private const string GeneratedLabel = "generated (Improv)";

    private static IEnumerable<double> Gaps(IReadOnlyList<Note> notes)
    {
        var onsets = notes.Select(n => n.Start).Order().ToArray();
        for (var i = 1; i < onsets.Length; i++)
        {
            yield return onsets[i] - onsets[i - 1];
        }
    }

    private static void Histogram(IEnumerable<double> real, IEnumerable<double> generated, double bin, double max,
        string title, string xLabel, string path)
    {
        var plot = new Plot();
        var bins = (int)Math.Round(max / bin);
        var highest = 0.0;
        void Add(IEnumerable<double> values, Color color, string label)
        {
            var counts = new double[bins + 1];
            var total = 0;
            foreach (var v in values)
            {
                counts[Math.Clamp((int)Math.Floor(v / bin + 1e-9), 0, bins - 1)]++;
                total++;
            }

            counts[bins] = counts[bins - 1];
            var shares = counts.Select(c => total == 0 ? 0 : 100 * c / total).ToArray();
            highest = Math.Max(highest, shares.Max());
            var line = plot.Add.Scatter(Enumerable.Range(0, bins + 1).Select(b => b * bin).ToArray(), shares, color);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = $"{label} ({total} values)";
        }

        Add(real, RealColor, RealLabel);
        Add(generated, GeneratedColor, GeneratedLabel);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel($"share per {bin * 1000:0} ms bin (%)");
        plot.Axes.SetLimits(0, max, 0, Math.Max(1, highest * 1.12));
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }
}
