using System.Text.Json;
using System.Text.Json.Serialization;
using Improv.Inference.Model;
using Improv.Model.Network;
using Improv.Music.Tokens;

namespace Improv.Export.Checkpoints;

/// <summary>
/// Reads an improv-train checkpoint (checkpoint.json + model.bin, the TorchSharp state_dict) into an export
/// request. Interim: written against the format the training branch writes, until its own Checkpoint.Load
/// is on main; it reads only the fields export needs.
/// </summary>
public static class CheckpointFolder
{
    private const string InfoFile = "checkpoint.json";
    private const string ModelFile = "model.bin";
    private const string Format = "improv-checkpoint-v1";

    private sealed record Info(string Format, ModelShape Shape, string VocabularyVersion, string SplitIdentity, string Command,
        double? TrainNll, double? ValidNll, double? TestNll);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectNullableAnnotations = true,
    };

    /// <summary>
    /// <paramref name="path"/> is a checkpoint folder, or a run folder (runs/NAME): then the checkpoint that
    /// best.txt names, else the newest one.
    /// </summary>
    public static ExportRequest Load(string path, string corpusName)
    {
        var folder = Resolve(path);
        var infoPath = Path.Combine(folder, InfoFile);
        Info info;
        try
        {
            info = JsonSerializer.Deserialize<Info>(File.ReadAllText(infoPath), Json)
                ?? throw new InvalidDataException($"{infoPath}: empty checkpoint description");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{infoPath}: not a checkpoint description: {e.Message}", e);
        }

        if (info.Format != Format)
        {
            throw new InvalidDataException($"{infoPath}: format '{info.Format}', expected '{Format}'");
        }

        if (info.VocabularyVersion != Vocabulary.Version)
        {
            throw new InvalidDataException(
                $"{infoPath}: trained on vocabulary '{info.VocabularyVersion}', this build's vocabulary is '{Vocabulary.Version}'");
        }

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
        return new ExportRequest(network, new CorpusIdentity(corpusName, info.SplitIdentity),
            new NllSummary(info.TrainNll, info.ValidNll, info.TestNll), info.Command);
    }

    private static string Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, InfoFile)))
        {
            return path;
        }

        var best = Path.Combine(path, "best.txt");
        var checkpoints = Path.Combine(path, "checkpoints");
        if (File.Exists(best))
        {
            return Path.Combine(checkpoints, File.ReadAllText(best).Trim());
        }

        var newest = Directory.Exists(checkpoints)
            ? Directory.EnumerateDirectories(checkpoints, "checkpoint-*").Where(f => File.Exists(Path.Combine(f, InfoFile))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return newest ?? throw new FileNotFoundException($"{path}: neither a checkpoint folder (with {InfoFile}) nor a run folder with checkpoints");
    }
}
