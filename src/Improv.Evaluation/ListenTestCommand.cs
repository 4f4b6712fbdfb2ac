using System.CommandLine;
using Improv.Evaluation.Report;
using Improv.Host.Improvisation;
using Improv.Evaluation.ListeningTest;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Corpus;

namespace Improv.Evaluation;

/// <summary>`improv-evaluate listen-test make` writes a blinded real-vs-generated test; `improv-evaluate listen-test score` scores the answers.</summary>
public static class ListenTestCommand
{
    public static Command Create()
    {
        var defaults = new EvaluationSettings { Model = "", Corpus = "" };
        Option<string> model = new("--model") { Description = "Model folder (manifest.json + ONNX graphs)", DefaultValueFactory = _ => new ImprovisationOptions().Model };
        Option<string> corpus = new("--corpus") { Description = "Corpus folder; pairs come from its test split", DefaultValueFactory = _ => Path.Combine("data", "pop909") };
        Option<int> pairs = new("--pairs") { Description = "Pairs to write, 1..100", DefaultValueFactory = _ => 10 };
        Option<double> seconds = new("--seconds") { Description = "Length of each continuation after the shared primer", DefaultValueFactory = _ => 20 };
        Option<string> output = new("--out") { Description = "Folder for the listener: pairs, answers.csv to fill in, README.txt", Required = true };
        Option<string?> keyOption = new("--key") { Description = "Where the hidden answer key goes (default: beside the folder, FOLDER.key.csv)" };
        Option<int> seed = new("--seed") { Description = "Chooses the songs, the A/B order and the samples", DefaultValueFactory = _ => Environment.TickCount & 0xFFFF };
        Command make = new("make", "Write blinded pairs (real vs generated continuation of the same primer) as MIDI, and WAV when FluidSynth is installed")
        {
            model, corpus, pairs, seconds, output, keyOption, seed,
        };
        make.SetAction(parse =>
        {
            var count = parse.GetValue(pairs);
            var length = parse.GetValue(seconds);
            if (count is < 1 or > 100 || length is < 2 or > 120)
            {
                Console.Error.WriteLine($"improv-evaluate listen-test make: --pairs {count} (allowed 1..100), --seconds {length} (allowed 2..120)");
                return 2;
            }

            var folder = parse.GetValue(output)!;
            var keyPath = parse.GetValue(keyOption) ?? KeyBeside(folder);
            try
            {
                var synthesizer = Synthesizer.Find();
                if (synthesizer is null)
                {
                    Console.WriteLine($"improv-evaluate listen-test: MIDI only, no WAV: {Synthesizer.Missing()}");
                }

                var settings = defaults with { Seconds = length };
                var corpusSet = CorpusSet.Load(parse.GetValue(corpus)!, Console.Error);
                var songs = corpusSet.Songs(Split.Test);
                var shuffle = new Random(parse.GetValue(seed));
                var excerpts = songs
                    .Select(song => Excerpt.Cut(song, settings.CutSeconds, settings.PrimerSeconds, length))
                    .OfType<Excerpt>()
                    .OrderBy(_ => shuffle.Next())
                    .Take(count)
                    .ToList();
                if (excerpts.Count < count)
                {
                    throw new InvalidDataException($"{parse.GetValue(corpus)}: only {excerpts.Count} test songs are long enough for {count} pairs");
                }

                using var package = ModelPackage.Load(ModelLocation.Resolve(parse.GetValue(model)!));
                using var session = new StepSession(package);
                // A model that knows styles is told the corpus's (pop for POP909), as the evaluation tells it.
                var style = session.Vocabulary.Styles.Count > 0 ? corpusSet.Corpora[0].Entry?.Style ?? Music.Tokens.Style.Any : Music.Tokens.Style.Any;
                var continued = ContinuedExcerpt.Generate(session, excerpts, length, parse.GetValue(seed), Steering.From(new ImprovisationOptions()), style);
                ListeningPairs.Make(continued, length, folder, keyPath, parse.GetValue(seed), synthesizer, Console.Out);
                Console.WriteLine($"improv-evaluate listen-test: {count} pairs in {Path.GetFullPath(folder)} (give the listener this folder); " +
                    $"answer key: {Path.GetFullPath(keyPath)} (keep it away from the listener)");
                return 0;
            }
            catch (Exception e) when (e is ModelRejectedException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"improv-evaluate listen-test make: {e.Message}");
                return 1;
            }
        });

        Argument<string> answers = new("ANSWERS") { Description = "The listener's answers.csv (header pair,real; one row per judgement: pair number, A or B)" };
        Option<string?> scoreKey = new("--key") { Description = "The answer key (default: FOLDER.key.csv beside the answers' folder)" };
        Command score = new("score", "Identification rate of the real music and an exact binomial test against guessing") { answers, scoreKey };
        score.SetAction(parse =>
        {
            var answersPath = parse.GetValue(answers)!;
            var keyPath = parse.GetValue(scoreKey) ?? KeyBeside(Path.GetDirectoryName(Path.GetFullPath(answersPath))!);
            try
            {
                Console.WriteLine(ListeningScore.Of(answersPath, AnswerKey.Read(keyPath)));
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"improv-evaluate listen-test score: {e.Message}");
                return 1;
            }
        });

        return new Command("listen-test", "A blinded listening test: can listeners tell the real continuation from Improv's?") { make, score };
    }

    /// <summary>The default key path: beside the listener's folder, not inside it.</summary>
    private static string KeyBeside(string folder) => Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + ".key.csv";
}
