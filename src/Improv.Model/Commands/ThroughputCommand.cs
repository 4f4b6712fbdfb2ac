using System.CommandLine;
using System.Globalization;
using Improv.Model.Checkpoints;
using Improv.Model.Training;

namespace Improv.Model.Commands;

/// <summary>
/// `improv-train throughput`: training tokens per second of the real training step (forward, backward, clipping,
/// AdamW) on random tokens, for the settings given; no corpus needed.
/// </summary>
internal static class ThroughputCommand
{
    public static Command Create()
    {
        var command = new Command("throughput", "Measure training tokens/s for the given settings on random tokens");
        var steps = new Option<int>("--steps") { Description = "Measured steps (after 5 warm-up steps)", DefaultValueFactory = _ => 30 };
        command.Options.Add(steps);
        var settings = new SettingOptions(command);
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            const int WarmUp = 5;
            var config = settings.Load(result) with { LogEverySteps = 1, CheckpointMinutes = 1e6, MaxEpochs = 1 };
            var measured = result.GetValue(steps);
            var random = new Random(config.Seed);
            var tokens = (WarmUp + measured + 2L) * config.BatchSize * config.WindowTokens;
            var songs = Enumerable.Range(0, config.BatchSize)
                .Select(_ => Enumerable.Range(0, (int)(tokens / config.BatchSize) + config.WindowTokens).Select(_ => random.Next(config.Shape.VocabularySize)).ToArray())
                .ToArray();
            var data = new TrainingData(_ => songs, songs, songs[..1], songs[..1], "random");
            var stop = new StopAfter(WarmUp + measured);
            var folder = Directory.CreateTempSubdirectory("improv-throughput-");
            try
            {
                using var run = TrainingRun.Start(config, data, new RunFolder(folder.FullName), "throughput", stop);
                run.Run(stop.Token);
            }
            finally
            {
                folder.Delete(recursive: true);
            }

            var rates = stop.Rates.Skip(WarmUp).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"H={config.HiddenSize} L={config.Layers} E={config.EmbeddingSize} batch {config.BatchSize} x {config.WindowTokens} tokens, " +
                $"{config.Threads} threads, window edge {config.WindowEdge}: median {rates[rates.Length / 2]:F0} tokens/s " +
                $"(p10 {rates[rates.Length / 10]:F0}, p90 {rates[rates.Length * 9 / 10]:F0}) over {rates.Length} steps"));
            return 0;
        }));
        return command;
    }

    private sealed class StopAfter(int steps) : ITrainingObserver
    {
        private readonly CancellationTokenSource source = new();

        public CancellationToken Token => source.Token;

        public List<double> Rates { get; } = [];

        public void Stepped(StepReport report)
        {
            Rates.Add(report.TokensPerSecond);
            if (Rates.Count >= steps)
            {
                source.Cancel();
            }
        }
    }
}
