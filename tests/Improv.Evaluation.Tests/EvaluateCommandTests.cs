using Improv.Music.Statistics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Improv.Evaluation.Report;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Corpus;
using Improv.Music.Tokens;

namespace Improv.Evaluation.Tests;

/// <summary>`improv-evaluate` on the bundled default model and the real POP909 corpus, small enough to run in seconds.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private static readonly string Corpus = Repository.Pop909;
    private readonly string folder = Directory.CreateTempSubdirectory("improv-evaluate-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void WritesEveryNumberAndPlotAndItsLikelihoodIsWhatTheStepGraphScores()
    {
        // A model whose manifest carries the training history the exporter now writes: the loss plot comes from it.
        var model = CopyOfDefaultModel(manifest =>
        {
            manifest["history"] = new JsonArray(
                new JsonObject { ["epoch"] = 1, ["train_nll"] = 3.3, ["valid_nll"] = 2.75 },
                new JsonObject { ["epoch"] = 2, ["train_nll"] = 2.66, ["valid_nll"] = 2.52 });
            manifest["baseline"] = new JsonObject { ["name"] = "3-gram Kneser-Ney", ["valid"] = 3.586, ["test"] = 3.614 };
        });
        var output = Path.Combine(folder, "report");
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromMinutes(3), "--model", model, "--corpus", Corpus,
            "--split", "test", "--primers", "3", "--songs", "2", "--seconds", "8", "--seed", "11", "--out", output);
        Assert.True(exitCode == 0, printed);

        var report = JsonSerializer.Deserialize<EvaluationReport>(File.ReadAllText(Path.Combine(output, ReportFolder.JsonFile)), ReportFolder.JsonOptions)!;
        var markdown = File.ReadAllText(Path.Combine(output, ReportFolder.MarkdownFile));
        Assert.Equal(["inter_onset", "loss", "note_length", "pitch_class", "pitch_velocity"], report.Plots.Keys.Order());
        foreach (var file in report.Plots.Values)
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, file));
            Assert.True(bytes.Length > 10_000 && bytes.AsSpan(1, 3).SequenceEqual("PNG"u8), $"{file} is not a drawn PNG");
            Assert.Contains($"]({file})", markdown);
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(Repository.DefaultModel, "loss.png")), File.ReadAllBytes(Path.Combine(output, "loss.png")));

        // The live modes' measures: style following beside the real continuations' spread, and how much of the lead an
        // accompaniment sounds under.
        var following = report.Generated.FollowingOf(report.Real);
        Assert.Equal(["notes per second", "pitch range", "mean interval"], following.Select(f => f.Measure));
        Assert.All(following, f => Assert.True(f.RealP10 <= f.RealP90 && f.Median > 0, $"{f.Measure}: {f.Median} against {f.RealP10}-{f.RealP90}"));
        Assert.Contains("## Style following", markdown);
        Assert.NotNull(report.Accompaniment);
        Assert.InRange(report.Accompaniment.ModelSoundingShare, 0.01, 1);
        Assert.InRange(report.Accompaniment.RealSoundingShare, 0.01, 1);

        // The likelihood, scored again here one token at a time through the step graph (the report used the sequence graph).
        // In the model's own vocabulary, parts and style, as the corpus's catalog entry gives them (pop for POP909).
        var corpus = CorpusSet.Load(Corpus, TextWriter.Null);
        var songs = corpus.Songs(Split.Test).Take(2).ToList();
        using var package = ModelPackage.Load(Repository.DefaultModel);
        using var session = new StepSession(package);
        var style = corpus.Corpora[0].StyleIn(package.Vocabulary);
        double nats = 0;
        long tokens = 0;
        long notes = 0;
        foreach (var piece in songs.Select(s => PerformanceEncoder.EncodePiece(s.Notes, package.Vocabulary, style, PartOrder.LeadFirst)))
        {
            notes += piece.Count(t => package.Vocabulary.KindOf(t) == TokenKind.NoteOn);
            session.Reset();
            for (var t = 0; t < piece.Length - 1; t++)
            {
                session.Feed(piece[t]);
                nats -= Nll.LogProbability(session.Logits, piece[t + 1]);
                tokens++;
            }
        }

        Assert.Equal(2, report.Likelihood.Songs);
        Assert.Equal(tokens, report.Likelihood.Tokens);
        Assert.Equal(notes, report.Likelihood.Notes);
        Assert.Equal(nats / tokens, report.Likelihood.NllPerToken, 4);
        Assert.Equal(Math.Exp(report.Likelihood.NllPerToken), report.Likelihood.Perplexity, 6);
        Assert.True(report.Likelihood.NllPerToken < report.Likelihood.BaselineNllPerToken, "the LSTM should beat the 3-gram baseline");
        Assert.True(report.Corpus.SplitMatchesModel);

        Assert.Equal(3, report.Samples.Count);
        Assert.Equal([11, 12, 13], report.Samples.Select(s => s.Seed));
        Assert.Equal(songs.Select(s => s.Id).Take(2), report.Samples.Select(s => s.Song).Take(2));
        Assert.All(report.Samples, s => Assert.True(s.GeneratedNotes > 0 && s.RealNotes >= 2, $"{s.Song}: {s.GeneratedNotes} generated, {s.RealNotes} real notes"));
        foreach (var set in new[] { report.Generated, report.Real })
        {
            Assert.Equal(4, set.DistinctN.Count);
            Assert.All(set.DistinctN, d => Assert.InRange(d, 0, 1));
            Assert.InRange(set.InScaleRatio.Median, 0, 1);
            Assert.InRange(set.PitchClassEntropyBits.Median, 0, Math.Log2(12));
            Assert.True(set.LongestCopyMax >= set.LongestCopyTokens.Median);
        }

        // Real pop music stays in the primer's key; the measure must see that in the real continuations.
        Assert.True(report.Real.InScaleRatio.Median > 0.8, $"real in-scale ratio {report.Real.InScaleRatio.Median}");
        Assert.Equal(7, report.Style.Count);
        Assert.All(report.Style, f => Assert.InRange(f.GeneratedToInter.OverlapArea, 0, 1.0001));
    }

    [Fact]
    public void AModelWithoutHistoryOrLossPictureStillEvaluatesAndTheReportSaysSo()
    {
        var model = CopyOfDefaultModel(manifest => manifest.AsObject().Remove("history"));
        File.Delete(Path.Combine(model, "loss.png"));
        var output = Path.Combine(folder, "no-history");
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromMinutes(3), "--model", model, "--corpus", Corpus,
            "--primers", "2", "--songs", "1", "--seconds", "4", "--out", output);
        Assert.True(exitCode == 0, printed);
        Assert.False(File.Exists(Path.Combine(output, "loss.png")));
        Assert.Contains("Training loss: the model's manifest has no training history and its folder no loss.png.",
            File.ReadAllText(Path.Combine(output, ReportFolder.MarkdownFile)));
    }

    [Fact]
    public void AModelThatFailsItsChecksIsNamed()
    {
        var model = CopyOfDefaultModel(manifest => manifest["step_graph"]!["sha256"] = new string('0', 64));
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromSeconds(60), "--model", model, "--corpus", Corpus, "--out", Path.Combine(folder, "r"));
        Assert.Equal(1, exitCode);
        Assert.Contains(model, printed);
        Assert.Contains("checksum of step.onnx", printed);
        Assert.False(Directory.Exists(Path.Combine(folder, "r")));
    }

    [Fact]
    public void ACorpusWithoutTheSplitIsNamed()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(folder, "corpus")).FullName;
        var trainSong = File.ReadLines(Path.Combine(Corpus, "splits", "train.txt")).First().Trim();
        File.Copy(Directory.GetFiles(Path.Combine(Corpus, "POP909", trainSong), "*.mid").First(), Path.Combine(corpus, $"{trainSong}.mid"));
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromSeconds(60), "--model", Repository.DefaultModel, "--corpus", corpus, "--split", "valid", "--out", Path.Combine(folder, "r"));
        Assert.Equal(1, exitCode);
        Assert.Contains($"{corpus}: no valid songs", printed);

        var (badSplit, said) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromSeconds(60), "--model", Repository.DefaultModel, "--corpus", corpus, "--split", "holdout");
        Assert.Equal(2, badSplit);
        Assert.Contains("--split is 'holdout'", said);
    }

    private string CopyOfDefaultModel(Action<JsonNode> edit) => ModelCopy.OfDefault(folder, edit);
}
