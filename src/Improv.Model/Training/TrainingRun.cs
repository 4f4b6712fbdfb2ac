using System.Diagnostics;
using Improv.Model.Checkpoints;
using Improv.Model.Evaluation;
using Improv.Model.Network;
using Improv.Music.Tokens;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Improv.Model.Training;

/// <summary>
/// Trains a <see cref="MusicLstm"/> by truncated backpropagation through time, scores it on the validation songs
/// after every epoch, stops early when that stops improving, and checkpoints into a run folder so that
/// <see cref="Resume"/> continues bit for bit where a stopped or killed run left off.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    /// <summary>A validation NLL must beat the best by this much (nats/token) to count as an improvement.</summary>
    private const double MinImprovement = 1e-4;

    private readonly TrainingConfig config;
    private readonly TrainingData data;
    private readonly RunFolder run;
    private readonly string command;
    private readonly ITrainingObserver observer;
    private readonly MusicLstm network;
    private readonly AdamW optimizer;
    private TrainingPosition position;
    private (Tensor H, Tensor C)? state;

    private TrainingRun(TrainingConfig config, TrainingData data, RunFolder run, string command, ITrainingObserver observer)
    {
        this.config = config;
        this.data = data;
        this.run = run;
        this.command = command;
        this.observer = observer;
        position = new TrainingPosition();
        set_num_threads(config.Threads);
        manual_seed(config.Seed);
        network = new MusicLstm(config.Shape);
        optimizer = optim.AdamW(network.parameters(), config.LearningRate, weight_decay: config.WeightDecay);
    }

    public TrainingConfig Config => config;

    public MusicLstm Network => network;

    public TrainingPosition Position => position;

    /// <summary>A new run; refuses a folder that already holds checkpoints (resume it or pick another name).</summary>
    public static TrainingRun Start(TrainingConfig config, TrainingData data, RunFolder run, string command,
        ITrainingObserver observer)
    {
        if (run.Latest() is { } existing)
        {
            throw new InvalidOperationException($"{run.Path} already holds checkpoint {existing}: add --resume or choose another run name");
        }

        Directory.CreateDirectory(run.Path);
        var training = new TrainingRun(config, data, run, command, observer);
        if (config.WarmStart is { } from)
        {
            observer.Note(WarmStart.Apply(training.network, config.TokenVocabulary, from));
        }

        return training;
    }

    /// <summary>
    /// Continues a run from its newest checkpoint, with the settings it was started with; <paramref name="replan"/>
    /// changes only the number of epochs (the learning-rate schedule follows) and adds the command that did so.
    /// </summary>
    public static TrainingRun Resume(TrainingData data, RunFolder run, ITrainingObserver observer,
        (int MaxEpochs, string Command)? replan = null, int? threads = null)
    {
        var folder = run.Latest() ?? throw new FileNotFoundException($"{run.Path}: no checkpoint to resume from");
        var info = Checkpoint.ReadInfo(folder);
        if (info.SplitIdentity != data.Identity)
        {
            throw new InvalidOperationException(
                $"{folder}: trained on split {info.SplitIdentity}, but the corpus now gives split {data.Identity}");
        }

        if (info.VocabularyVersion != info.Config.Vocabulary)
        {
            throw new InvalidOperationException($"{folder}: checkpoint vocabulary {info.VocabularyVersion}, its settings say {info.Config.Vocabulary}");
        }

        // The thread count may follow the machine's load: it changes speed, not what is computed (docs/training.md).
        var config = info.Config with { Threads = threads ?? info.Config.Threads };
        var training = replan is { } change
            ? new TrainingRun(config with { MaxEpochs = change.MaxEpochs }, data, run, $"{info.Command} && {change.Command}", observer)
            : new TrainingRun(config, data, run, info.Command, observer);
        training.state = Checkpoint.Restore(folder, training.network, training.optimizer);
        training.position = info.Position;
        // A run that ended only because it reached its planned length goes on when the plan grows.
        if (replan is { } grown && info.Position is { Finished: true } end && end.Epoch < grown.MaxEpochs
            && end.EpochsWithoutImprovement < info.Config.Patience)
        {
            training.position = end with { Finished = false, StopReason = null };
        }
        observer.Note($"resumed from {folder} at epoch {info.Position.Epoch + 1}, step {info.Position.GlobalStep}");
        return training;
    }

    /// <summary>Trains until the last epoch, early stopping, or <paramref name="stop"/>; a checkpoint is saved in every case.</summary>
    public TrainingPosition Run(CancellationToken stop)
    {
        set_num_threads(config.Threads);
        network.train();
        var clock = Stopwatch.StartNew();
        var secondsBefore = position.TrainingSeconds;
        var sinceSave = Stopwatch.StartNew();
        while (!position.Finished)
        {
            var epoch = position.Epoch;
            using var batches = EpochBatches.Plan(config, data.TrainingSongs(epoch), epoch);
            if (!batches.CarriesState || position.StepInEpoch == 0)
            {
                ForgetState();
            }

            observer.EpochStarted(epoch, config.MaxEpochs, batches.Count, position.StepInEpoch);
            var window = Stopwatch.StartNew();
            double windowLoss = 0;
            var windowSteps = 0;
            for (var step = position.StepInEpoch; step < batches.Count; step++)
            {
                var learningRate = LearningRateSchedule.At(config, position.GlobalStep, epoch + step / (double)batches.Count);
                var (loss, norm) = Step(batches, step, learningRate);
                position = position with
                {
                    StepInEpoch = step + 1,
                    GlobalStep = position.GlobalStep + 1,
                    EpochLossSum = position.EpochLossSum + loss,
                    EpochLossSteps = position.EpochLossSteps + 1,
                    TrainingSeconds = secondsBefore + clock.Elapsed.TotalSeconds,
                };
                windowLoss += loss;
                windowSteps++;
                if (windowSteps == config.LogEverySteps || step + 1 == batches.Count)
                {
                    var secondsPerStep = window.Elapsed.TotalSeconds / windowSteps;
                    var left = batches.Count - step - 1;
                    observer.Stepped(new StepReport(epoch, step + 1, batches.Count, position.GlobalStep,
                        windowLoss / windowSteps, learningRate, norm, batches.TokensPerStep / secondsPerStep,
                        TimeSpan.FromSeconds(position.TrainingSeconds), TimeSpan.FromSeconds(left * secondsPerStep),
                        TimeSpan.FromSeconds((left + (config.MaxEpochs - epoch - 1) * (long)batches.Count) * secondsPerStep)));
                    windowLoss = 0;
                    windowSteps = 0;
                    window.Restart();
                }

                if (stop.IsCancellationRequested)
                {
                    Save(bestSoFar: false, batches.CarriesState);
                    observer.Note($"stopped at epoch {epoch + 1}, step {position.GlobalStep}; --resume continues");
                    return position;
                }

                if (step + 1 < batches.Count && sinceSave.Elapsed.TotalMinutes >= config.CheckpointMinutes)
                {
                    Save(bestSoFar: false, batches.CarriesState);
                    sinceSave.Restart();
                }
            }

            EndEpoch(epoch);
            sinceSave.Restart();
        }

        return position;
    }

    public void Dispose()
    {
        ForgetState();
        optimizer.Dispose();
        network.Dispose();
    }

    private (double Loss, double GradientNorm) Step(EpochBatches batches, int step, double learningRate)
    {
        using var scope = NewDisposeScope();

        // Dropout masks come from a generator seeded per step, so a resumed run draws the same masks.
        manual_seed(Seeds.Of(config.Seed, 2, position.GlobalStep));
        var (input, target) = batches.Step(step);
        optimizer.zero_grad();
        var (logits, next) = network.call(input, batches.CarriesState ? state : null);
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), target.reshape(-1));
        loss.backward();
        var norm = nn.utils.clip_grad_norm_(network.parameters(), config.GradientClipNorm);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        optimizer.step();
        if (batches.CarriesState)
        {
            ForgetState();
            state = (next.H.detach().MoveToOuterDisposeScope(), next.C.detach().MoveToOuterDisposeScope());
        }

        return (loss.item<float>(), norm);
    }

    private void EndEpoch(int epoch)
    {
        var valid = SongNll.Of(network, data.Valid, config.EvaluationBatchSize);
        network.train();
        var score = new EpochScore(epoch, position.EpochLossSum / Math.Max(1, position.EpochLossSteps), valid.PerToken);
        var improved = score.ValidNll < position.BestValidNll - MinImprovement;
        var patience = improved ? 0 : position.EpochsWithoutImprovement + 1;
        var stopReason = (patience >= config.Patience, epoch + 1 >= config.MaxEpochs) switch
        {
            (true, _) => $"early stop: no better validation NLL for {patience} epochs",
            (_, true) => $"reached max epochs ({config.MaxEpochs})",
            _ => null,
        };
        position = position with
        {
            Epoch = epoch + 1,
            StepInEpoch = 0,
            EpochLossSum = 0,
            EpochLossSteps = 0,
            History = [.. position.History, score],
            BestValidNll = improved ? score.ValidNll : position.BestValidNll,
            BestEpoch = improved ? epoch : position.BestEpoch,
            EpochsWithoutImprovement = patience,
            Finished = stopReason is not null,
            StopReason = stopReason,
        };
        ForgetState();
        Save(improved, carriesState: false);
        observer.EpochEnded(score, position.History);
        if (stopReason is not null)
        {
            observer.Note(stopReason);
        }
    }

    private void Save(bool bestSoFar, bool carriesState)
    {
        position = position with { SaveNumber = position.SaveNumber + 1 };
        var info = new CheckpointInfo
        {
            Shape = config.Shape,
            VocabularyVersion = config.Vocabulary,
            SplitIdentity = data.Identity,
            Command = command,
            Config = config,
            Position = position,
            SavedAt = DateTimeOffset.UtcNow,
        };
        var folder = Checkpoint.Save(run, info, network, optimizer, carriesState ? state : null);
        if (bestSoFar)
        {
            run.MarkBest(folder);
        }

        run.Prune();
        observer.Saved(folder);
    }

    private void ForgetState()
    {
        state?.H.Dispose();
        state?.C.Dispose();
        state = null;
    }
}
