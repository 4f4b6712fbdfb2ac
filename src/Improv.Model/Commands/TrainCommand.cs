using System.CommandLine;
using Improv.Model.Checkpoints;
using Improv.Model.Corpus;
using Improv.Model.Reporting;
using Improv.Model.Training;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Model.Commands;

/// <summary>`improv-train train`: trains (or with --resume continues) a run in runs/NAME.</summary>
internal static class TrainCommand
{
    public static Command Create(string commandLine)
    {
        var command = new Command("train", "Train the LSTM on the corpus's train split; checkpoints, steps.csv, epochs.csv and loss.png go into the run folder");
        var run = new Option<string>("--run") { Description = "Run folder, e.g. runs/h256", Required = true };
        var corpus = new Option<string>("--corpus") { Description = "MIDI corpus folder", DefaultValueFactory = _ => Path.Combine("data", "pop909") };
        var resume = new Option<bool>("--resume") { Description = "Continue the run from its newest checkpoint, with the settings it started with" };
        command.Options.Add(run);
        command.Options.Add(corpus);
        command.Options.Add(resume);
        var settings = new SettingOptions(command);
        // On a thread of its own, so Ctrl+C finds a running task to wait for while the run saves its checkpoint.
        command.SetAction((result, stop) => Task.Run(() => CommandErrors.Guard(() =>
        {
            var folder = new RunFolder(result.GetValue(run)!);
            var resuming = result.GetValue(resume);
            var overrides = settings.Overrides(result);
            // The schedule's length is the one setting a run can change midway: a run that has to end sooner (or may
            // go on longer) than planned gets its cosine decay re-fitted from where it stands.
            var newMaxEpochs = overrides.Remove("maxEpochs", out var maxEpochs) ? maxEpochs : null;
            int? newThreads = resuming && overrides.Remove("threads", out var threads)
                ? int.TryParse(threads, out var count) && count > 0 ? count : throw new ArgumentException($"--threads {threads}: give a positive whole number")
                : null;
            if (resuming && overrides.Count > 0)
            {
                throw new ArgumentException("--resume continues with the run's own settings (only --max-epochs and --threads may change); drop the other setting options");
            }

            var latest = resuming ? folder.Latest() ?? throw new FileNotFoundException($"{folder.Path}: no checkpoint to resume from") : null;
            var config = latest is null ? settings.Load(result) : Checkpoint.ReadInfo(latest).Config;
            if (latest is not null && newMaxEpochs is not null)
            {
                var done = Checkpoint.ReadInfo(latest).Position.Epoch;
                config = int.TryParse(newMaxEpochs, out var epochs) && epochs > done
                    ? config with { MaxEpochs = epochs }
                    : throw new ArgumentException($"--max-epochs {newMaxEpochs}: the run has finished {done} epochs, so give a whole number above {done}");
            }

            var data = CorpusData.Load(result.GetValue(corpus)!, config, Console.Error);
            var baseline = KneserNey.Train(data.Train, KneserNey.BaselineOrder, config.Shape.VocabularySize).Score(data.Valid);
            Console.WriteLine($"{KneserNey.BaselineOrder}-gram Kneser-Ney baseline: valid NLL {baseline.PerToken:F4} nats/token");
            var position = ProgressDisplay.Run(display =>
            {
                var observers = new TrainingObservers(display,
                    new TrainingLog(folder, latest is null ? 0 : Checkpoint.ReadInfo(latest).Position.GlobalStep),
                    new LossCurve(folder, baseline.PerToken, $"{KneserNey.BaselineOrder}-gram KN"));
                using var training = resuming
                    ? TrainingRun.Resume(data, folder, observers, newMaxEpochs is null ? null : (config.MaxEpochs, commandLine), newThreads)
                    : TrainingRun.Start(config, data, folder, commandLine, observers);
                return training.Run(stop);
            });
            Console.WriteLine(position.Finished
                ? $"finished: {position.StopReason}; best valid NLL {position.BestValidNll:F4} nats/token (epoch {position.BestEpoch + 1}), checkpoint {folder.Best()}"
                : $"stopped at step {position.GlobalStep}; continue with: improv-train train --run {folder.Path} --resume");
            return 0;
        })));
        return command;
    }
}
