using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Improv.Model.Corpus;
using Improv.Model.Training;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Model.Commands;

/// <summary>`improv-train baseline`: the Kneser-Ney n-gram baseline alone, for orders 3 to 5, on valid and test songs.</summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var command = new Command("baseline", "Score interpolated Kneser-Ney n-gram models (orders 3-5, trained on the train split) on valid and test songs");
        var corpus = new Option<string>("--corpus") { Description = "MIDI corpus folder", DefaultValueFactory = _ => Path.Combine("data", "pop909") };
        command.Options.Add(corpus);
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var data = CorpusData.Load(result.GetValue(corpus)!, new TrainingConfig(), Console.Error);
            Console.WriteLine($"split {data.Identity}: {data.Train.Count} train, {data.Valid.Count} valid, {data.Test.Count} test songs; " +
                              $"{data.Train.Sum(s => (long)s.Length)} train tokens");
            Console.WriteLine($"{"order",5} {"valid NLL",10} {"valid ppl",10} {"test NLL",10} {"test ppl",10} {"train s",8}");
            for (var order = 3; order <= 5; order++)
            {
                var clock = Stopwatch.StartNew();
                var model = KneserNey.Train(data.Train, order, data.Vocabulary.Size);
                var seconds = clock.Elapsed.TotalSeconds;
                var (valid, test) = (model.Score(data.Valid), model.Score(data.Test));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{order,5} {valid.PerToken,10:F4} {valid.Perplexity,10:F3} {test.PerToken,10:F4} {test.Perplexity,10:F3} {seconds,8:F1}"));
            }

            Console.WriteLine("NLL in nats per token (every token of each song after its first); perplexity = exp(NLL).");
            return 0;
        }));
        return command;
    }
}
