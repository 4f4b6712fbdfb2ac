using System.CommandLine;
using Improv.Model.Checkpoints;
using Improv.Model.Corpus;
using Improv.Model.Evaluation;
using Improv.Model.Training;
using Improv.Music.Corpus;
using Improv.Music.Statistics;
using static TorchSharp.torch;

namespace Improv.Model.Commands;

/// <summary>`improv-train eval`: a checkpoint's NLL and perplexity next to the n-gram baseline's.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Score a checkpoint and the Kneser-Ney baseline (trained on the train split) on valid and/or test songs");
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint folder, or a run folder (its best checkpoint)", Required = true };
        var corpus = new Option<string>("--corpus") { Description = "MIDI corpus folder", DefaultValueFactory = _ => Path.Combine("data", "pop909") };
        var split = new Option<string>("--split") { Description = "valid, test or both", DefaultValueFactory = _ => "both" };
        split.AcceptOnlyFromAmong("valid", "test", "both");
        var order = new Option<int>("--ngram-order") { Description = "Order of the Kneser-Ney baseline, 3 to 5", DefaultValueFactory = _ => KneserNey.BaselineOrder };
        order.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 3 or > 5)
            {
                r.AddError("--ngram-order must be 3, 4 or 5");
            }
        });
        command.Options.Add(checkpoint);
        command.Options.Add(corpus);
        command.Options.Add(split);
        command.Options.Add(order);
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var folder = Checkpoint.Resolve(result.GetValue(checkpoint)!);
            var (network, info) = Checkpoint.Load(folder);
            using (network)
            {
                set_num_threads(info.Config.Threads);
                var data = CorpusData.Load(result.GetValue(corpus)!, info.Config, Console.Error);
                if (data.Identity != info.SplitIdentity)
                {
                    Console.Error.WriteLine($"warning: {folder} was trained on split {info.SplitIdentity}; this corpus gives {data.Identity}");
                }

                Split[] splits = result.GetValue(split) switch
                {
                    "valid" => [Split.Valid],
                    "test" => [Split.Test],
                    _ => [Split.Valid, Split.Test],
                };
                Console.WriteLine($"checkpoint {folder}: {info.Position.History.Count} epochs done, step {info.Position.GlobalStep}, " +
                                  $"H={info.Shape.HiddenSize} L={info.Shape.Layers} E={info.Shape.EmbeddingSize}, vocabulary {info.VocabularyVersion}");
                var report = EvaluationReport.Of(network, data, splits, result.GetValue(order), info.Config.EvaluationBatchSize);
                report.Write(Console.Out);
                if (report.Rows.FirstOrDefault(r => r.Split == Split.Test) is { } test)
                {
                    Checkpoint.WriteInfo(folder, info with { TestNll = test.Lstm.PerToken });
                }

                return 0;
            }
        }));
        return command;
    }
}
