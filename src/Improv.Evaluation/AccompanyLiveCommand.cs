using System.CommandLine;
using System.Globalization;
using Improv.Evaluation.Report;
using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Corpus;
using Improv.Music.Midi;

namespace Improv.Evaluation;

/// <summary>
/// `improv-evaluate accompany-live melodies|score`: the two ends of benchmarks/accompany/run, which plays test melodies
/// into the daemon in Accompany mode through JACK and records what it plays.
/// </summary>
public static class AccompanyLiveCommand
{
    public static Command Create()
    {
        Option<string> corpus = new("--corpus") { Description = "Corpus folder; the melodies are the leads of its test split, in id order", DefaultValueFactory = _ => Path.Combine("data", "pop909") };
        Option<int> pieces = new("--pieces") { Description = "How many test pieces, 2..100", DefaultValueFactory = _ => 6 };
        Option<double> seconds = new("--seconds") { Description = "How much of each piece from its start, seconds (the lead's notes ending by then), 10..600", DefaultValueFactory = _ => 45 };
        Argument<string> folder = new("FOLDER") { Description = "The session folder: pieces.json, and the session MIDI files the player writes" };

        Command melodies = new("melodies", "Write the test pieces' leads for the player (FOLDER/pieces.json)") { corpus, pieces, seconds, folder };
        melodies.SetAction(parse => Run("melodies", parse, corpus, pieces, seconds, selected =>
        {
            LiveAccompaniment.WriteMelodies(selected, parse.GetValue(folder)!);
            Console.WriteLine($"improv-evaluate accompany-live: {selected.Count} melodies in {Path.GetFullPath(Path.Combine(parse.GetValue(folder)!, LiveAccompaniment.PiecesFile))}");
        }));

        Option<string> model = new("--model") { Description = "Model folder, for the offline accompaniment beside the live one (the daemon's)", DefaultValueFactory = _ => new ImprovisationOptions().Model };
        Option<string> style = new("--style") { Description = "Style the daemon was told", DefaultValueFactory = _ => "pop" };
        Option<int> seed = new("--seed") { Description = "Seed of the offline accompaniment of the first piece; piece i uses seed + i", DefaultValueFactory = _ => 1 };
        Option<double> pulseLock = new("--pulse-lock") { Description = "The daemon's Improv:Improvisation:PulseLock, for the offline accompaniment beside it", DefaultValueFactory = _ => new ImprovisationOptions().PulseLock };
        Option<double> harmonyLock = new("--harmony-lock") { Description = "The daemon's Improv:Improvisation:HarmonyLock, for the offline accompaniment beside it", DefaultValueFactory = _ => new ImprovisationOptions().HarmonyLock };
        Option<string> output = new("--out") { Description = "Where the results go: OUT.json and OUT.md", DefaultValueFactory = _ => Path.Combine("benchmarks", "results", "accompany") };
        Option<string> notes = new("--notes") { Description = "A line on the conditions (load, settings), written beside the numbers", DefaultValueFactory = _ => "" };
        Command score = new("score", "Measure the recorded sessions against the real accompaniment, beside the model's offline accompaniment of the same leads")
        {
            corpus, pieces, seconds, folder, model, style, seed, pulseLock, harmonyLock, output, notes,
        };
        score.SetAction(parse => Run("score", parse, corpus, pieces, seconds, selected =>
        {
            var options = new ImprovisationOptions { PulseLock = parse.GetValue(pulseLock), HarmonyLock = parse.GetValue(harmonyLock) };
            if (new ImprovisationOptionsValidator().Validate(null, options).Failures is { } failures)
            {
                throw new InvalidDataException(string.Join("; ", failures));
            }

            using var package = ModelPackage.Load(ModelLocation.Resolve(parse.GetValue(model)!));
            using var session = new StepSession(package);
            var result = LiveAccompaniment.Score(parse.GetValue(folder)!, selected, session, parse.GetValue(style)!, parse.GetValue(seed),
                Steering.From(options), parse.GetValue(seconds));
            var measuredAt = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            Console.Write(LiveAccompaniment.Write(result, parse.GetValue(output)!, measuredAt, parse.GetValue(notes)!));
        }));

        return new Command("accompany-live", "The live accompany benchmark's melodies and score (benchmarks/accompany/run)") { melodies, score };
    }

    /// <summary>Checks the shared options, selects the pieces as the offline accompaniment does, and runs <paramref name="work"/>.</summary>
    private static int Run(string verb, ParseResult parse, Option<string> corpus, Option<int> pieces, Option<double> seconds, Action<IReadOnlyList<AccompaniedPiece>> work)
    {
        var (count, length, folder) = (parse.GetValue(pieces), parse.GetValue(seconds), parse.GetValue(corpus)!);
        if (count is < 2 or > 100 || length is < 10 or > 600)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"improv-evaluate accompany-live {verb}: --pieces {count} (allowed 2..100), --seconds {length} (allowed 10..600)"));
            return 2;
        }

        try
        {
            var selected = AccompanimentEvaluation.Pieces(CorpusSet.Load(folder, Console.Error).Songs(Split.Test), count, length);
            if (selected.Count < count)
            {
                throw new InvalidDataException($"{folder}: only {selected.Count} test pieces have a lead and an accompaniment within {length} s; asked for {count}");
            }

            work(selected);
            return 0;
        }
        catch (Exception e) when (e is ModelRejectedException or InvalidDataException or IOException or UnauthorizedAccessException or MidiFileError)
        {
            Console.Error.WriteLine($"improv-evaluate accompany-live {verb}: {e.Message}");
            return 1;
        }
    }
}
