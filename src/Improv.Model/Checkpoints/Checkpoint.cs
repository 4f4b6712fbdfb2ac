using System.Text.Json;
using Improv.Model.Network;
using Improv.Model.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Improv.Model.Checkpoints;

/// <summary>
/// A checkpoint is a folder: model.bin (the network's TorchSharp state_dict: embedding.*, lstm.*, head.*),
/// optimizer.bin (AdamW moments), lstm-state.bin (the carried LSTM state, mid-epoch only) and checkpoint.json
/// (<see cref="CheckpointInfo"/>). It is written under a temporary name and renamed into place, so a folder with
/// its final name is always complete.
/// </summary>
public static class Checkpoint
{
    public const string InfoFile = "checkpoint.json";
    public const string ModelFile = "model.bin";
    public const string OptimizerFile = "optimizer.bin";
    public const string StateFile = "lstm-state.bin";

    /// <summary>
    /// Loads a network for inference or export, in eval mode. <paramref name="path"/> is a checkpoint folder or a
    /// run folder (then its best checkpoint, or its newest when no epoch has finished yet).
    /// </summary>
    public static (MusicLstm Network, CheckpointInfo Info) Load(string path)
    {
        var folder = Resolve(path);
        var info = ReadInfo(folder);
        var network = new MusicLstm(info.Shape);
        try
        {
            network.load(Path.Combine(folder, ModelFile));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            network.Dispose();
            throw new InvalidDataException($"{Path.Combine(folder, ModelFile)}: cannot load the weights: {e.Message}", e);
        }

        network.eval();
        return (network, info);
    }

    /// <summary>The checkpoint folder a path names: itself, or a run folder's best (else newest) checkpoint.</summary>
    public static string Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, InfoFile)))
        {
            return path;
        }

        if (Directory.Exists(path))
        {
            var run = new RunFolder(path);
            if ((run.Best() ?? run.Latest()) is { } found)
            {
                return found;
            }
        }

        throw new FileNotFoundException($"{path}: neither a checkpoint folder (with {InfoFile}) nor a run folder with checkpoints");
    }

    public static CheckpointInfo ReadInfo(string folder)
    {
        var file = Path.Combine(folder, InfoFile);
        CheckpointInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(file), TrainingConfig.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not a checkpoint description: {e.Message}", e);
        }

        if (info is null || info.Format != CheckpointInfo.CurrentFormat)
        {
            throw new InvalidDataException($"{file}: format {info?.Format ?? "(none)"}, expected {CheckpointInfo.CurrentFormat}");
        }

        return info;
    }

    /// <summary>Rewrites a checkpoint's description in place, atomically (e.g. to record its test NLL).</summary>
    public static void WriteInfo(string folder, CheckpointInfo info) =>
        DurableFile.Replace(Path.Combine(folder, InfoFile), stream => JsonSerializer.Serialize(stream, info, TrainingConfig.Json));

    /// <summary>
    /// Writes a checkpoint of weights alone (no optimiser state) into <paramref name="folder"/>: what a shipped model
    /// folder unpacks to, to warm-start or evaluate from. It cannot be resumed.
    /// </summary>
    public static void SaveWeights(string folder, CheckpointInfo info, MusicLstm network)
    {
        Directory.CreateDirectory(folder);
        WriteBinary(Path.Combine(folder, ModelFile), writer => network.save(writer));
        DurableFile.Write(Path.Combine(folder, InfoFile), stream => JsonSerializer.Serialize(stream, info, TrainingConfig.Json));
    }

    /// <summary>Writes a complete checkpoint into <paramref name="run"/> and returns its folder.</summary>
    internal static string Save(RunFolder run, CheckpointInfo info, MusicLstm network, OptimizerHelper optimizer,
        (Tensor H, Tensor C)? state)
    {
        var name = RunFolder.CheckpointName(info.Position.SaveNumber);
        var final = Path.Combine(run.Checkpoints, name);
        var temporary = Path.Combine(run.Checkpoints, $".{name}.tmp-{Environment.ProcessId}");
        Directory.CreateDirectory(run.Checkpoints);
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }

        Directory.CreateDirectory(temporary);
        WriteBinary(Path.Combine(temporary, ModelFile), writer => network.save(writer));
        WriteBinary(Path.Combine(temporary, OptimizerFile), optimizer.save_state_dict);
        if (state is { } carried)
        {
            WriteBinary(Path.Combine(temporary, StateFile), writer =>
            {
                carried.H.Save(writer);
                carried.C.Save(writer);
            });
        }

        // The description goes last: a folder is only ever renamed into place once everything else is on disk.
        DurableFile.Write(Path.Combine(temporary, InfoFile), stream => JsonSerializer.Serialize(stream, info, TrainingConfig.Json));
        DurableFile.FlushFolder(temporary);
        if (Directory.Exists(final))
        {
            // Only left by resuming from an older checkpoint than the newest: the newer one is superseded.
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(temporary, final);
        DurableFile.FlushFolder(run.Checkpoints);
        return final;
    }

    /// <summary>TorchSharp's savers close a stream they are given, so they get a writer that leaves it open for the flush.</summary>
    private static void WriteBinary(string path, Action<BinaryWriter> write) =>
        DurableFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            write(writer);
            writer.Flush();
        });

    /// <summary>Loads weights, optimiser state and carried LSTM state saved by <see cref="Save"/>.</summary>
    internal static (Tensor H, Tensor C)? Restore(string folder, MusicLstm network, OptimizerHelper optimizer)
    {
        network.load(Path.Combine(folder, ModelFile));
        using (var reader = new BinaryReader(File.OpenRead(Path.Combine(folder, OptimizerFile))))
        {
            optimizer.load_state_dict(reader);
        }

        var stateFile = Path.Combine(folder, StateFile);
        if (!File.Exists(stateFile))
        {
            return null;
        }

        using var stateReader = new BinaryReader(File.OpenRead(stateFile));
        var h = TensorExtensionMethods.Load(stateReader);
        var c = TensorExtensionMethods.Load(stateReader);
        return (h, c);
    }
}
