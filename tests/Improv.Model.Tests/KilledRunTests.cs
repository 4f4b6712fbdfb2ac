using Improv.Model.Checkpoints;
using Improv.Music.Tokens;

namespace Improv.Model.Tests;

/// <summary>
/// improv-train on real POP909 songs is SIGKILLed while it writes a checkpoint; the last complete checkpoint must
/// load, `--resume` must finish the run, and `eval` must score it against the n-gram baseline. Loading a checkpoint
/// here builds a network in this process, which draws its initial weights from torch's global generator: in the torch
/// collection, so that it never draws between another test's seed and its dropout.
/// </summary>
[Trait("Category", "Live")]
[Collection(TorchCollection.Name)]
public sealed class KilledRunTests : IClassFixture<KilledRunTests.KilledRun>
{
    private readonly KilledRun run;

    public KilledRunTests(KilledRun run) => this.run = run;

    [Fact]
    public void TheKillLandedInsideASave() =>
        Assert.True(run.PartialFolders.Length > 0, $"no unfinished checkpoint folder was left after {run.Attempts} kill attempts");

    [Fact]
    public void TheLastCompleteCheckpointStillLoads()
    {
        Assert.NotNull(run.LoadedAfterKill);
        Assert.True(run.LoadedAfterKill!.Position.GlobalStep > 0);
    }

    [Fact]
    public void ResumeContinuesFromThatCheckpointAndFinishes()
    {
        Assert.Equal(0, run.Resumed.ExitCode);
        Assert.Contains($"resumed from {run.LatestAfterKill}", run.Resumed.Output);
        Assert.Contains("finished: reached max epochs (1)", run.Resumed.Output);
        Assert.Empty(Directory.EnumerateDirectories(run.Checkpoints, ".*"));
        var (network, info) = Checkpoint.Load(run.RunFolder);
        network.Dispose();
        Assert.True(info.Position.Finished);
        Assert.True(info.Position.GlobalStep > run.LoadedAfterKill!.Position.GlobalStep);
        Assert.True(File.Exists(Path.Combine(run.RunFolder, "loss.png")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run.RunFolder, "epochs.csv")).Length);
    }

    [Fact]
    public void LossOnTheRealSongsFellAcrossTheKillsAndResumes()
    {
        var losses = File.ReadAllLines(Path.Combine(run.RunFolder, "steps.csv")).Skip(1)
            .Select(row => double.Parse(row.Split(',')[5], System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        Assert.True(losses.Length >= 6, $"{losses.Length} logged steps");
        var (first, last) = (losses.Take(2).Average(), losses.TakeLast(2).Average());
        Assert.True(last < first - 0.25, $"loss went from {first:F3} to {last:F3}");
    }

    [Fact]
    public void EvalPrintsLstmAndBaselineNllAndPerplexityForTheTestSplit()
    {
        var (exitCode, output) = run.Evaluated;
        Assert.Equal(0, exitCode);
        var row = output.Split('\n').Single(line => line.StartsWith("test ", StringComparison.Ordinal));
        var numbers = row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3..].Select(double.Parse).ToArray();
        Assert.Equal(4, numbers.Length);
        var (lstmNll, lstmPerplexity, ngramNll, ngramPerplexity) = (numbers[0], numbers[1], numbers[2], numbers[3]);
        Assert.InRange(lstmNll, 0.1, Math.Log(Vocabulary.Size) + 1);
        Assert.InRange(ngramNll, 0.1, Math.Log(Vocabulary.Size));
        Assert.Equal(Math.Exp(lstmNll), lstmPerplexity, 0.01 * lstmPerplexity);
        Assert.Equal(Math.Exp(ngramNll), ngramPerplexity, 0.01 * ngramPerplexity);
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("valid ", StringComparison.Ordinal));
        Assert.Equal(lstmNll, Checkpoint.Load(run.RunFolder).Info.TestNll!.Value, 3);
    }

    /// <summary>Kills runs mid-save until one kill lands inside a save, then resumes and evaluates once.</summary>
    public sealed class KilledRun : IDisposable
    {
        private const int MaxAttempts = 8;
        private readonly TemporaryFolder folder = new();

        public KilledRun()
        {
            var corpus = Path.Combine(folder.Path, "corpus");
            CorpusSample.CopyTo(corpus, train: 3, valid: 1, test: 1);
            RunFolder = Path.Combine(folder.Path, "run");
            Checkpoints = Path.Combine(RunFolder, "checkpoints");
            string[] common = ["--run", RunFolder, "--corpus", corpus];
            string[] settings =
            [
                "--config", ImprovTrainProcess.Config, "--hidden-size", "128", "--embedding-size", "16", "--batch-size", "4",
                "--window-tokens", "32", "--max-epochs", "1", "--checkpoint-minutes", "0", "--log-every-steps", "5",
                "--threads", "1", "--warmup-steps", "5", "--learning-rate", "0.01",
            ];

            for (Attempts = 1; Attempts <= MaxAttempts && PartialFolders.Length == 0; Attempts++)
            {
                string[] arguments = Attempts == 1 ? ["train", .. common, .. settings] : ["train", .. common, "--resume"];
                KillInsideASave(arguments);
            }

            LatestAfterKill = new RunFolder(RunFolder).Latest();
            if (LatestAfterKill is not null)
            {
                LoadedAfterKill = Checkpoint.Load(LatestAfterKill).Info;
            }

            Resumed = ImprovTrainProcess.Run(folder.Path, ["train", .. common, "--resume"]);
            Evaluated = ImprovTrainProcess.Run(folder.Path, "eval", "--checkpoint", RunFolder, "--corpus", corpus, "--split", "test");
        }

        public string RunFolder { get; }

        public string Checkpoints { get; }

        public int Attempts { get; private set; }

        /// <summary>Checkpoint folders the kill left half-written (they start with a dot).</summary>
        public string[] PartialFolders { get; private set; } = [];

        public string? LatestAfterKill { get; }

        public CheckpointInfo? LoadedAfterKill { get; }

        public (int ExitCode, string Output) Resumed { get; }

        public (int ExitCode, string Output) Evaluated { get; }

        public void Dispose() => folder.Dispose();

        /// <summary>Starts improv-train and SIGKILLs it the moment a temporary checkpoint folder appears.</summary>
        private void KillInsideASave(string[] arguments)
        {
            Directory.CreateDirectory(Checkpoints);
            using var watcher = new FileSystemWatcher(Checkpoints) { NotifyFilter = NotifyFilters.DirectoryName };
            using var process = ImprovTrainProcess.Start(folder.Path, arguments);
            watcher.Created += (_, e) =>
            {
                // Only after a first complete checkpoint exists, so there is something to fall back to.
                if (e.Name!.StartsWith('.') && new RunFolder(RunFolder).Latest() is not null)
                {
                    try
                    {
                        process.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
            };
            watcher.EnableRaisingEvents = true;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill();
                process.WaitForExit();
            }

            PartialFolders = Directory.EnumerateDirectories(Checkpoints, ".*").ToArray();
        }
    }
}
