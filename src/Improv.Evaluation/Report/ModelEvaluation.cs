using System.Diagnostics;
using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Corpus;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Evaluation.Report;

/// <summary>
/// `improv-evaluate` end to end: load the model and the corpus, score the split's likelihood beside the n-gram
/// baseline, continue primers cut from the split's songs, and measure the continuations against the real ones.
/// </summary>
public static class ModelEvaluation
{
    /// <summary>The report and the continuations it was measured on (the plots draw them).</summary>
    public sealed record Result(EvaluationReport Report, IReadOnlyList<ContinuedExcerpt> Continued, ModelManifest Manifest);

    /// <summary>Runs every measure; progress lines go to <paramref name="progress"/>.</summary>
    /// <exception cref="ModelRejectedException">The model folder does not load.</exception>
    /// <exception cref="InvalidDataException">The corpus has no songs in a needed split, or too few long enough for a primer.</exception>
    public static Result Run(EvaluationSettings settings, TextWriter progress)
    {
        var seconds = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        T Timed<T>(string phase, Func<T> work)
        {
            var start = clock.Elapsed.TotalSeconds;
            var result = work();
            seconds[phase] = Math.Round(clock.Elapsed.TotalSeconds - start, 2);
            progress.WriteLine($"improv-evaluate: {phase} {seconds[phase]:0.0} s");
            return result;
        }

        using var model = Timed("model load", () => ModelPackage.Load(ModelLocation.Resolve(settings.Model)));
        var corpus = Timed("corpus load", () => CorpusSet.Load(settings.Corpus, progress));
        corpus.Require(Split.Train, settings.Split);
        var split = corpus.Songs(settings.Split);
        var vocabulary = model.Vocabulary;
        var splitHash = corpus.Identity(vocabulary);
        // A model trained on the catalog names its corpora ("pop909+asap+..."); each one's split is pinned in data/ and
        // tested, so a corpus it names is its own split, and one it does not name was held out.
        var entry = corpus.Corpora[0].Entry;
        var trainedOn = model.Manifest.Corpus.Name.Split('+');
        var ownSplit = splitHash == model.Manifest.Corpus.SplitHash || (entry is not null && trainedOn.Contains(entry.Name));
        if (entry is not null && !trainedOn.Contains(entry.Name))
        {
            progress.WriteLine($"improv-evaluate: {entry.Name} was held out of the model's training ({model.Manifest.Corpus.Name}): every split is unseen music");
        }
        else if (!ownSplit)
        {
            progress.WriteLine($"improv-evaluate: warning: the corpus split {splitHash} differs from the model's {model.Manifest.Corpus.SplitHash}: " +
                $"some {settings.Split.ToString().ToLowerInvariant()} songs may have been trained on");
        }

        var style = ToldStyle(settings, corpus, vocabulary);
        var train = Timed("split tokens", () => corpus.Encode(Split.Train, vocabulary, style));
        var scoredPieces = Take(corpus.Encode(settings.Split, vocabulary, style), settings.LikelihoodSongs);
        using var session = new StepSession(model);
        var nll = Timed("likelihood", () => SplitLikelihood.Of(session, scoredPieces));
        var baseline = Timed("n-gram baseline", () => KneserNey.Train(train, settings.BaselineOrder, vocabulary.Size).Score(scoredPieces));
        var baselineName = $"{settings.BaselineOrder}-gram Kneser-Ney";

        var excerpts = split
            .Select(song => Excerpt.Cut(song, settings.CutSeconds, settings.PrimerSeconds, settings.Seconds))
            .OfType<Excerpt>()
            .ToList();
        excerpts = Take(excerpts, settings.Primers);
        if (excerpts.Count < 2)
        {
            throw new InvalidDataException($"{settings.Corpus}: {excerpts.Count} {settings.Split.ToString().ToLowerInvariant()} song(s) reach " +
                $"{settings.CutSeconds + settings.Seconds:0.#} s with notes on both sides of the cut at {settings.CutSeconds:0.#} s; the comparisons need at least 2");
        }

        var steering = Steering.From(new ImprovisationOptions { Temperature = settings.Temperature, TopP = settings.TopP, PulseLock = settings.PulseLock, HarmonyLock = settings.HarmonyLock, MemoryWeight = settings.MemoryWeight });
        var continued = Timed("generation", () => ContinuedExcerpt.Generate(session, excerpts, settings.Seconds, settings.Seed, steering, style ?? Music.Tokens.Style.Any));
        var accompaniment = settings.AccompanimentPieces > 0
            ? Timed("accompaniment", () => AccompanimentEvaluation.Run(session, split, style ?? Music.Tokens.Style.Any, settings.Seed, settings.AccompanimentPieces, settings.AccompanimentSeconds, steering))
            : null;

        var keys = continued.Select(c => KeyFinder.Estimate(c.Excerpt.Primer)).ToArray();
        var index = Timed("train split index", () => new VerbatimCopyIndex(train));
        var generated = Timed("generated measures", () => SetMeasures.Of(
            [.. continued.Select((c, i) => (c.Generated, c.GeneratedTokens(), keys[i]))], settings.Seconds, index, vocabulary));
        var real = Timed("real measures", () => SetMeasures.Of(
            [.. continued.Select((c, i) => (c.Excerpt.Real, c.RealTokens(), keys[i]))], settings.Seconds, index, vocabulary));

        // mgeval's features need two notes per sequence: a continuation with fewer leaves its pair out.
        var comparable = continued.Where(c => c.Generated.Count >= 2).ToList();
        var styleComparison = Timed("style comparison", () => comparable.Count < 2
            ? []
            : StyleComparison.Compare([.. comparable.Select(c => (IReadOnlyCollection<Note>)c.Excerpt.Real)],
                [.. comparable.Select(c => (IReadOnlyCollection<Note>)c.Generated)]));

        var manifest = model.Manifest;
        var report = new EvaluationReport(
            new ModelSummary(Path.GetRelativePath(Environment.CurrentDirectory, model.Directory), manifest.ExportedAt, manifest.TrainingCommand, manifest.Corpus.SplitHash,
                manifest.Nll.Valid, manifest.Nll.Test, manifest.Hyperparameters.HiddenSize, manifest.Hyperparameters.Layers),
            new CorpusSummary(Path.GetRelativePath(Environment.CurrentDirectory, settings.Corpus), splitHash, ownSplit,
                train.Length, train.Sum(p => (long)p.Length), split.Count),
            settings,
            new Likelihood(scoredPieces.Count, nll.Tokens, nll.PerToken, nll.Perplexity, baselineName, baseline.PerToken, baseline.Perplexity)
            {
                Notes = scoredPieces.Sum(p => (long)p.Count(t => vocabulary.KindOf(t) == TokenKind.NoteOn)),
            },
            generated,
            real,
            styleComparison,
            comparable.Count,
            [.. continued.Select((c, i) => new SampleSummary(c.Excerpt.SongId, c.Seed, keys[i]?.ToString(),
                c.Excerpt.Primer.Count, c.Excerpt.Real.Count, c.Generated.Count))],
            seconds,
            new Dictionary<string, string>()) { ToldStyle = style ?? (vocabulary.Styles.Count > 0 ? Music.Tokens.Style.Any : null), Accompaniment = accompaniment };
        return new Result(report, continued, manifest);
    }

    private static List<T> Take<T>(IReadOnlyList<T> items, int count) => [.. count > 0 ? items.Take(count) : items];

    /// <summary>
    /// The style token the model is told: the setting, else the corpus's own style (data/corpora.json); none for a
    /// model without styles. A style the model does not know is refused, naming the ones it does.
    /// </summary>
    private static string? ToldStyle(EvaluationSettings settings, CorpusSet corpus, TokenVocabulary vocabulary)
    {
        var style = settings.Style ?? corpus.Corpora[0].Entry?.Style;
        if (vocabulary.Styles.Count == 0)
        {
            return settings.Style is null || settings.Style.Equals(Music.Tokens.Style.Any, StringComparison.OrdinalIgnoreCase)
                ? null
                : throw new InvalidDataException($"--style {settings.Style}: the model's vocabulary {vocabulary.Version} has no styles (use any)");
        }

        if (style is not null && !vocabulary.Styles.Contains(style, StringComparer.OrdinalIgnoreCase))
            throw new InvalidDataException($"--style {style}: not one the model knows ({string.Join(", ", vocabulary.Styles)})");
        return style ?? Music.Tokens.Style.Any;
    }
}
