using System.CommandLine;
using System.Globalization;
using Improv.Evaluation.Report;
using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Corpus;

namespace Improv.Evaluation;

/// <summary>`improv-evaluate memory`: the session memory's dynamic-evaluation NLL on a corpus split, one row per weight.</summary>
public static class MemoryCommand
{
    public static Command Create()
    {
        Option<string> model = new("--model") { Description = "Model folder (manifest.json + ONNX graphs)", DefaultValueFactory = _ => new ImprovisationOptions().Model };
        Option<string> corpus = new("--corpus") { Description = "Corpus folder", DefaultValueFactory = _ => Path.Combine("data", "pop909") };
        Option<string> split = new("--split") { Description = "Split to score: test, valid or train", DefaultValueFactory = _ => "test" };
        Option<int> songs = new("--songs") { Description = "Songs scored, in id order; 0: the whole split", DefaultValueFactory = _ => 20 };
        Option<double> seconds = new("--seconds") { Description = "How much of each song, from its start, seconds (a session's length)", DefaultValueFactory = _ => 150 };
        Option<string> weights = new("--weights") { Description = "Memory weights, comma-separated, each 0..1 or Auto (0: the LSTM alone; Auto: fitted as it listens)", DefaultValueFactory = _ => "0,0.1,0.2,0.3,0.5,Auto" };
        Option<string?> style = new("--style") { Description = "Style the model is told; default: the corpus's (data/corpora.json)" };
        Command command = new("memory", "The session memory as dynamic evaluation: NLL per token and per note with the memory mixed in at each weight")
        {
            model, corpus, split, songs, seconds, weights, style,
        };
        command.SetAction(parse =>
        {
            var texts = parse.GetValue(weights)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var asked = texts.Select(w => MemoryWeight.TryParse(w, out var value) ? value : MemoryWeight.Off).ToArray();
            var splitName = parse.GetValue(split)!;
            if (asked.Length == 0 || texts.Any(w => !MemoryWeight.TryParse(w, out _)) || !Enum.TryParse<Split>(splitName, ignoreCase: true, out var chosen)
                || parse.GetValue(seconds) is < 5 or > 3600 || parse.GetValue(songs) < 0)
            {
                Console.Error.WriteLine($"improv-evaluate memory: --weights '{parse.GetValue(weights)}' (each 0..1 or Auto), --split '{splitName}' (test, valid, train), " +
                    $"--seconds {parse.GetValue(seconds)} (5..3600), --songs {parse.GetValue(songs)} (0 or more)");
                return 2;
            }

            try
            {
                using var package = ModelPackage.Load(ModelLocation.Resolve(parse.GetValue(model)!));
                using var session = new StepSession(package);
                var vocabulary = session.Vocabulary;
                var set = CorpusSet.Load(parse.GetValue(corpus)!, Console.Error);
                var told = parse.GetValue(style) ?? set.Corpora[0].StyleIn(vocabulary) ?? (vocabulary.Styles.Count > 0 ? Music.Tokens.Style.Any : null);
                var length = parse.GetValue(seconds);
                var chosenSongs = set.Songs(chosen).Take(parse.GetValue(songs) > 0 ? parse.GetValue(songs) : int.MaxValue)
                    .Select(song => song with { Notes = [.. song.Notes.Where(n => n.End <= length)] })
                    .Where(song => song.Notes.Count > 0)
                    .ToArray();
                var pieces = SplitCorpus.Encode(chosenSongs, vocabulary, told);
                var rows = MemoryLikelihood.Of(session, pieces, asked);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"improv-evaluate memory: {parse.GetValue(corpus)} {splitName}, {pieces.Length} songs' first {length:0} s, {rows[0].Tokens} tokens, {rows[0].Notes} notes, style {told ?? "(none)"}"));
                Console.WriteLine("| weight | NLL nats/token | NLL nats/note |");
                Console.WriteLine("| ---: | ---: | ---: |");
                foreach (var row in rows)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Weight} | {row.NllPerToken:0.0000} | {row.NllPerNote:0.000} |"));
                }

                return 0;
            }
            catch (Exception e) when (e is ModelRejectedException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"improv-evaluate memory: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
