using Improv.Model.Checkpoints;
using Improv.Model.Evaluation;
using Improv.Model.Training;
using Improv.Music.Corpus;
using Improv.Music.Tokens;
using static TorchSharp.torch;

namespace Improv.Model.Tests;

/// <summary>Real training runs of a tiny LSTM on synthetic songs: learning, early-stopping state, exact resume.</summary>
[Collection(TorchCollection.Name)]
public class TrainingRunTests
{
    [Fact]
    public void LossFallsAndTheModelBeatsUniformGuessing()
    {
        using var folder = new TemporaryFolder();
        var data = SyntheticSongs.Data();
        var recorder = new TinyRuns.Recorder();
        using var run = TrainingRun.Start(TinyRuns.Config with { MaxEpochs = 2 }, data, new RunFolder(folder.Path), "test", recorder);
        run.Run(CancellationToken.None);

        var first = recorder.Steps.Take(5).Average(s => s.Loss);
        var last = recorder.Steps.TakeLast(5).Average(s => s.Loss);
        Assert.True(last < first - 1.0, $"loss went from {first:F3} to {last:F3}");
        Assert.Equal(2, recorder.Epochs.Count);
        Assert.True(recorder.Epochs[1].ValidNll < Math.Log(Vocabulary.Size) - 1.5,
            $"valid NLL {recorder.Epochs[1].ValidNll:F3} vs uniform {Math.Log(Vocabulary.Size):F3}");
        Assert.True(run.Position.Finished);
    }

    [Fact]
    public void ResumedRunEndsBitIdenticalToAnUninterruptedOne()
    {
        using var straight = new TemporaryFolder();
        using var interrupted = new TemporaryFolder();
        var data = SyntheticSongs.Data();
        var config = TinyRuns.Config with { MaxEpochs = 2 };

        using var whole = TrainingRun.Start(config, data, new RunFolder(straight.Path), "test", new TinyRuns.Recorder());
        whole.Run(CancellationToken.None);

        // Stop mid-epoch, where the carried LSTM state and the optimiser moments must come back exactly.
        var stop = new TinyRuns.StopAfter(37);
        using (var first = TrainingRun.Start(config, data, new RunFolder(interrupted.Path), "test", stop))
        {
            var stopped = first.Run(stop.Token);
            Assert.False(stopped.Finished);
            Assert.Equal(37, stopped.GlobalStep);
        }

        using var resumed = TrainingRun.Resume(data, new RunFolder(interrupted.Path), new TinyRuns.Recorder());
        Assert.Equal(37, resumed.Position.GlobalStep);
        resumed.Run(CancellationToken.None);

        Assert.Equal(whole.Position.GlobalStep, resumed.Position.GlobalStep);
        Assert.Equal(whole.Position.History, resumed.Position.History);
        var expected = whole.Network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in resumed.Network.named_parameters())
        {
            Assert.True(parameter.eq(expected[name]).all().item<bool>(), $"{name} differs after resume");
        }
    }

    [Fact]
    public void AFinishedRunGivenMoreEpochsGoesOnWithTheScheduleRefittedAndTheCommandRecorded()
    {
        using var folder = new TemporaryFolder();
        var data = SyntheticSongs.Data();
        var config = TinyRuns.Config with { MaxEpochs = 1, FinalLearningRateFraction = 0.05 };
        using (var first = TrainingRun.Start(config, data, new RunFolder(folder.Path), "first", new TinyRuns.Recorder()))
        {
            Assert.True(first.Run(CancellationToken.None).Finished);
        }

        var recorder = new TinyRuns.Recorder();
        using var longer = TrainingRun.Resume(data, new RunFolder(folder.Path), recorder, (2, "second"));
        var end = longer.Run(CancellationToken.None);

        Assert.True(end.Finished);
        Assert.Equal("reached max epochs (2)", end.StopReason);
        Assert.Equal(2, end.History.Count);
        Assert.Single(recorder.Epochs);
        // Epoch 2 of 2 follows the re-fitted cosine: from half the peak down to the final fraction.
        Assert.Equal(config.LearningRate * 0.05, recorder.Steps[^1].LearningRate, config.LearningRate * 0.01);
        Assert.InRange(recorder.Steps[0].LearningRate, config.LearningRate * 0.45, config.LearningRate * 0.6);
        var saved = Checkpoint.ReadInfo(new RunFolder(folder.Path).Latest()!);
        Assert.Equal(2, saved.Config.MaxEpochs);
        Assert.Equal("first && second", saved.Command);
    }

    [Fact]
    public void StartingOverAnExistingRunIsRefused()
    {
        using var folder = new TemporaryFolder();
        var data = SyntheticSongs.Data();
        var stop = new TinyRuns.StopAfter(1);
        using (var first = TrainingRun.Start(TinyRuns.Config, data, new RunFolder(folder.Path), "test", stop))
        {
            first.Run(stop.Token);
        }

        var error = Assert.Throws<InvalidOperationException>(() =>
            TrainingRun.Start(TinyRuns.Config, data, new RunFolder(folder.Path), "test", new TinyRuns.Recorder()));
        Assert.Contains("--resume", error.Message);
    }

    [Fact]
    public void ResetWindowsAlsoTrain()
    {
        using var folder = new TemporaryFolder();
        var recorder = new TinyRuns.Recorder();
        using var run = TrainingRun.Start(TinyRuns.Config with { MaxEpochs = 1, WindowEdge = WindowEdge.Reset },
            SyntheticSongs.Data(), new RunFolder(folder.Path), "test", recorder);
        run.Run(CancellationToken.None);
        Assert.True(recorder.Steps.TakeLast(5).Average(s => s.Loss) < recorder.Steps.Take(5).Average(s => s.Loss) - 1.0);
    }

    [Fact]
    public void LoadedCheckpointScoresLikeTheNetworkThatWroteIt()
    {
        using var folder = new TemporaryFolder();
        var data = SyntheticSongs.Data();
        using var run = TrainingRun.Start(TinyRuns.Config with { MaxEpochs = 1 }, data, new RunFolder(folder.Path), "improv-train train --run x", new TinyRuns.Recorder());
        run.Run(CancellationToken.None);

        var (network, info) = Checkpoint.Load(folder.Path);
        using (network)
        {
            Assert.False(network.training);
            Assert.Equal(TinyRuns.Config.Shape, info.Shape);
            Assert.Equal(Vocabulary.Version, info.VocabularyVersion);
            Assert.Equal("synthetic-v1", info.SplitIdentity);
            Assert.Equal("improv-train train --run x", info.Command);
            Assert.Equal(run.Position.History[0].ValidNll, info.ValidNll);
            Assert.Equal(info.ValidNll!.Value, SongNll.Of(network, data.Valid, 4).PerToken, 6);
        }
    }
}
