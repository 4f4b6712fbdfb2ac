using Improv.Inference.Model;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Plots;
using MathNet.Numerics.Statistics;
using ScottPlot;

namespace Improv.Evaluation.Report;

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

    /// <summary>The training run's loss curve from the manifest; false (nothing drawn) without a history.</summary>
    public static bool Loss(ModelManifest manifest, string path)
    {
        if (manifest.History is not { Count: > 0 } history)
        {
            return false;
        }

        LossPlot.Draw([.. history.Select(e => new EpochLoss(e.Epoch, e.TrainNll, e.ValidNll))], path,
            manifest.Baseline is { Valid: { } valid } baseline ? (valid, baseline.Name) : null);
        return true;
    }

    /// <summary>Share of notes per 50 ms of length, up to 3 s (longer notes fall in the last bin).</summary>
    public static void NoteLengths(IEnumerable<Note> real, IEnumerable<Note> generated, string path) =>
        Histogram(real.Select(n => n.Duration), generated.Select(n => n.Duration), 0.05, 3.0,
            "Note length", "note length (s; the last bin includes all longer notes)", path);

    /// <summary>Share of onset gaps per 20 ms, up to 1 s; chord notes struck together give the 0 s bin.</summary>
    public static void InterOnsetIntervals(IEnumerable<IReadOnlyList<Note>> real, IEnumerable<IReadOnlyList<Note>> generated, string path) =>
        Histogram(real.SelectMany(Gaps), generated.SelectMany(Gaps), 0.02, 1.0,
            "Inter-onset interval: time from one note's start to the next (first bin: chords)", "inter-onset interval (s; the last bin includes all longer gaps)", path);

    /// <summary>
    /// Pitch-class histograms side by side, as shares of notes, each sample transposed so the key found in its primer
    /// becomes C major or A minor: the white keys are the key's scale, the black keys the notes outside it.
    /// </summary>
    public static void PitchClassHistogram(IReadOnlyList<ContinuedExcerpt> continued, string path)
    {
        var plot = new Plot();
        var keys = continued.Select(c => KeyFinder.Estimate(c.Excerpt.Primer)).ToArray();
        double[] Shares(Func<ContinuedExcerpt, IReadOnlyList<Note>> notes) => PitchClasses.Histogram(continued
            .Select((c, i) => (Notes: notes(c), Key: keys[i]))
            .Where(s => s.Key is not null)
            .SelectMany(s => s.Notes.Select(n => n with { Pitch = n.Pitch + ToCMajor(s.Key!.Value) })));

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

        var realShares = Shares(c => c.Excerpt.Real);
        var generatedShares = Shares(c => c.Generated);
        Add(realShares, -0.2, RealColor, RealLabel);
        Add(generatedShares, 0.2, GeneratedColor, GeneratedLabel);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, PitchClasses.Count).Select(c => (double)c)], PitchClassNames);
        plot.Title("Pitch classes, every sample moved to C major / A minor by its primer's key");
        plot.XLabel("pitch class after transposition (C D E F G A B: in the key; C# Eb F# Ab Bb: outside it)");
        plot.YLabel("share of notes (%)");
        // Room above the tallest bar for the legend.
        plot.Axes.SetLimitsY(0, Math.Max(1, 100 * realShares.Concat(generatedShares).Max() * 1.25));
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// Pitch-velocity: per pitch (with enough notes), the median velocity as a line and the middle half of the
    /// velocities (25th to 75th percentile) as a band, for each set. A cloud of single notes hid one set behind the other.
    /// </summary>
    public static void PitchVelocity(IReadOnlyCollection<Note> real, IReadOnlyCollection<Note> generated, string path)
    {
        var plot = new Plot();
        void Add(IReadOnlyCollection<Note> notes, Color color, string label)
        {
            var pitches = notes.GroupBy(n => n.Pitch).Where(g => g.Count() >= MinNotesPerPitch).OrderBy(g => g.Key)
                .Select(g => (Pitch: (double)g.Key, Velocities: g.Select(n => (double)n.Velocity).ToArray()))
                .ToArray();
            if (pitches.Length == 0)
            {
                return;
            }

            var xs = pitches.Select(p => p.Pitch).ToArray();
            var band = plot.Add.FillY(xs, pitches.Select(p => p.Velocities.LowerQuartile()).ToArray(),
                pitches.Select(p => p.Velocities.UpperQuartile()).ToArray());
            band.FillColor = color.WithAlpha(60);
            band.LineWidth = 0;
            band.LegendText = $"{label}: middle half of velocities";
            var line = plot.Add.Scatter(xs, pitches.Select(p => p.Velocities.Median()).ToArray(), color);
            line.LineWidth = 2.5f;
            line.MarkerSize = 4;
            line.LegendText = $"{label}: median velocity";
        }

        Add(real, RealColor, RealLabel);
        Add(generated, GeneratedColor, GeneratedLabel);
        plot.Title($"Velocity by pitch (pitches with {MinNotesPerPitch}+ notes)");
        plot.XLabel("pitch (MIDI note number; 60 = middle C)");
        plot.YLabel("velocity (MIDI, 1-127)");
        plot.Axes.SetLimitsY(0, 128);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    private const int MinNotesPerPitch = 10;

    /// <summary>Semitones that move a key to C major, or a minor key to A minor (its relative major's tonic to C).</summary>
    private static int ToCMajor(Key key) => (12 - (key.Mode == KeyMode.Major ? key.Tonic : (key.Tonic + 3) % 12)) % 12;

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
