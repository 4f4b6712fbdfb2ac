using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Improv.Host.Improvisation;
using Improv.Music.Statistics;

namespace Improv.Evaluation.Report;

/// <summary>Writes an evaluation into a folder: the PNG plots, report.json with every number, report.md that shows them.</summary>
public static class ReportFolder
{
    public const string JsonFile = "report.json";
    public const string MarkdownFile = "report.md";

    /// <summary>report.json's layout: snake_case, enums by name, NaN (a measure undefined on this data) as "NaN".</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    /// <summary>Draws the plots and writes both reports; returns the report with the plot files and their drawing time filled in.</summary>
    public static EvaluationReport Write(ModelEvaluation.Result result, string folder, TextWriter progress)
    {
        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        var plots = new Dictionary<string, string>();
        var continued = result.Continued;
        string In(string name) => Path.Combine(folder, name);

        if (ReportPlots.Loss(result.Manifest, In("loss.png")))
        {
            plots["loss"] = "loss.png";
        }
        else if (File.Exists(Path.Combine(result.Report.Model.Folder, "loss.png")))
        {
            // Older manifests carry no history: the loss curve the training run drew travels in the model folder.
            File.Copy(Path.Combine(result.Report.Model.Folder, "loss.png"), In("loss.png"), overwrite: true);
            plots["loss"] = "loss.png";
        }

        var real = continued.SelectMany(c => c.Excerpt.Real).ToList();
        var generated = continued.SelectMany(c => c.Generated).ToList();
        ReportPlots.NoteLengths(real, generated, In("note-length.png"));
        plots["note_length"] = "note-length.png";
        ReportPlots.PitchVelocity(real, generated, In("pitch-velocity.png"));
        plots["pitch_velocity"] = "pitch-velocity.png";
        ReportPlots.PitchClassHistogram(continued, In("pitch-class.png"));
        plots["pitch_class"] = "pitch-class.png";
        ReportPlots.InterOnsetIntervals(continued.Select(c => c.Excerpt.Real), continued.Select(c => c.Generated), In("inter-onset.png"));
        plots["inter_onset"] = "inter-onset.png";

        var seconds = new Dictionary<string, double>(result.Report.Seconds) { ["plots"] = Math.Round(clock.Elapsed.TotalSeconds, 2) };
        seconds["total"] = Math.Round(seconds.Values.Sum(), 2);
        var report = result.Report with { Plots = plots, Seconds = seconds };
        File.WriteAllText(In(JsonFile), JsonSerializer.Serialize(report, JsonOptions));
        File.WriteAllText(In(MarkdownFile), Markdown(report));
        progress.WriteLine($"improv-evaluate: plots {seconds["plots"]:0.0} s; total {seconds["total"]:0.0} s -> {Path.GetFullPath(In(MarkdownFile))}");
        return report;
    }

    private static string Markdown(EvaluationReport r)
    {
        var s = r.Settings;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        var split = s.Split.ToString().ToLowerInvariant();

        Line($"# Evaluation of {Path.GetFileName(r.Model.Folder.TrimEnd('/'))} on the {split} split");
        Line($"");
        Line($"Model `{r.Model.Folder}` (H={r.Model.HiddenSize}, {r.Model.Layers} layers, exported {r.Model.ExportedAt:yyyy-MM-dd HH:mm} UTC), corpus `{r.Corpus.Folder}` (split {r.Corpus.SplitHash}{(r.Corpus.SplitMatchesModel ? ", the model's own" : $", NOT the model's {r.Model.SplitHash}")}).");
        Line($"{r.Samples.Count} primers of {s.PrimerSeconds:0.#} s cut at {s.CutSeconds:0.#} s into {split} songs; the model played {s.Seconds:0.#} s after each (temperature {s.Temperature}, top-p {s.TopP}{StyleTopP()}, seeds {s.Seed}..{s.Seed + r.Samples.Count - 1}), compared with the songs' real next {s.Seconds:0.#} s. Every number is in {JsonFile}; measures are defined in docs/evaluation.md.");
        Line($"Took {r.Seconds["total"]:0} s on {Environment.ProcessorCount} cores ({string.Join(", ", r.Seconds.Where(p => p.Key != "total").Select(p => $"{p.Key} {p.Value:0.0} s"))}).");
        Line($"");
        foreach (var (key, title) in new[] { ("loss", "Training loss"), ("note_length", "Note length"), ("pitch_velocity", "Pitch and velocity"),
                     ("pitch_class", "Pitch classes"), ("inter_onset", "Inter-onset intervals") })
        {
            Line($"{(r.Plots.TryGetValue(key, out var file) ? $"![{title}]({file})" : $"{title}: the model's manifest has no training history and its folder no loss.png.")}");
            Line($"");
        }

        var l = r.Likelihood;
        Line($"## Likelihood ({l.Songs} {split} songs, {l.Tokens} tokens)");
        Line($"");
        Line($"| model | NLL (nats/token) | perplexity |");
        Line($"| --- | --- | --- |");
        Line($"| Improv LSTM (ONNX Runtime) | {l.NllPerToken:F4} | {l.Perplexity:F3} |");
        Line($"| {l.Baseline} (train split) | {l.BaselineNllPerToken:F4} | {l.BaselinePerplexity:F3} |");
        Line($"");
        Line($"Per note ({l.Notes} notes; comparable across vocabularies): the LSTM {l.NllPerNote:F3} nats, the baseline {l.BaselineNllPerNote:F3} nats.{(r.ToldStyle is { } told ? $" The model was told the style `{told}`." : "")}");
        Line($"");
        if (r.Accompaniment is { } a)
        {
            Line($"## Accompaniment ({a.Pieces} pieces, first {a.Seconds:0} s each, the model playing under the real lead)");
            Line($"");
            Line($"| accompaniment | note-in-chord ratio | onsets within 30 ms of a lead onset or a beat |");
            Line($"| --- | --- | --- |");
            Line($"| Improv | {a.ModelNoteInChord:F3} | {a.ModelOnsetAlignment:F3} |");
            Line($"| the real one | {a.RealNoteInChord:F3} | {a.RealOnsetAlignment:F3} |");
            Line($"| another piece's | {a.OtherNoteInChord:F3} | {a.OtherOnsetAlignment:F3} |");
            Line($"");
            Line($"Improv's note-in-chord ratio is {a.NoteInChordShareOfReal:P0} of the real accompaniment's. It sounds during {a.ModelSoundingShare:P0} of the lead's span (the real one: {a.RealSoundingShare:P0}). NLL of the real accompaniment's note tokens (the accompaniment first at every step, as live): {a.RealAccompanimentNllPerToken:F3} nats/token over {a.RealAccompanimentTokens} tokens.");
            Line($"");
        }

        Line($"## Coherence, diversity, copying (p10 / median / p90 over samples)");
        Line($"");
        Line($"| measure | generated | real continuations |");
        Line($"| --- | --- | --- |");
        void Row(string name, Func<SetMeasures, Spread> pick, string format = "F3") =>
            Line($"| {name} | {Show(pick(r.Generated), format)} | {Show(pick(r.Real), format)} |");
        Row("notes per second", m => m.NotesPerSecond, "F1");
        Row("in-scale ratio (primer's key)", m => m.InScaleRatio);
        Row("pitch-class entropy (bits)", m => m.PitchClassEntropyBits);
        Row("recurrence rate", m => m.RecurrenceRate);
        Row("determinism", m => m.Determinism);
        Row("longest run copied from train (tokens)", m => m.LongestCopyTokens, "F0");
        Row("longest run copied from train (s)", m => m.LongestCopySeconds, "F2");
        Line($"| distinct-1..4 | {string.Join(", ", r.Generated.DistinctN.Select(d => d.ToString("F3", CultureInfo.InvariantCulture)))} | {string.Join(", ", r.Real.DistinctN.Select(d => d.ToString("F3", CultureInfo.InvariantCulture)))} |");
        Line($"| Self-BLEU | {r.Generated.SelfBleu:F3} | {r.Real.SelfBleu:F3} |");
        Line($"");

        Line($"## Style following (the generated median inside the real continuations' p10-p90)");
        Line($"");
        Line($"| measure | generated median | real p10 - p90 | inside |");
        Line($"| --- | --- | --- | --- |");
        foreach (var (measure, median, p10, p90, inside) in r.Generated.FollowingOf(r.Real))
        {
            Line($"| {measure} | {median:F2} | {p10:F2} - {p90:F2} | {(inside ? "yes" : "**no**")} |");
        }

        Line($"");

        Line($"## Style (mgeval, {r.StyleSamples} pairs; distances as mean ± sd)");
        Line($"");
        Line($"| feature | intra real | intra generated | inter | OA real-inter | KL real-inter | OA gen-inter | KL gen-inter |");
        Line($"| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var f in r.Style)
        {
            Line($"| {f.Feature} | {f.IntraReference.Mean:G3} ± {f.IntraReference.StandardDeviation:G3} | {f.IntraGenerated.Mean:G3} ± {f.IntraGenerated.StandardDeviation:G3} | {f.Inter.Mean:G3} ± {f.Inter.StandardDeviation:G3} | {f.ReferenceToInter.OverlapArea:F3} | {f.ReferenceToInter.KullbackLeibler:F3} | {f.GeneratedToInter.OverlapArea:F3} | {f.GeneratedToInter.KullbackLeibler:F3} |");
        }

        Line($"");
        Line($"OA = overlapping area of the intra-set and inter-set distance densities (1 = the generated set is as close to the real one as real pieces are to each other); KL in nats.");
        return text.ToString();
    }

    /// <summary>The styles that sample with a nucleus of their own (the daemon's StyleTopP), as the report names them.</summary>
    private static string StyleTopP() =>
        new ImprovisationOptions().StyleTopP is { Count: > 0 } own
            ? $"; {string.Join(", ", own.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} {e.Value}")))} by StyleTopP"
            : "";

    private static string Show(Spread s, string format) =>
        s.Count == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{s.P10.ToString(format, CultureInfo.InvariantCulture)} / {s.Median.ToString(format, CultureInfo.InvariantCulture)} / {s.P90.ToString(format, CultureInfo.InvariantCulture)}");
}
