using Improv.Inference.Model;
using Improv.Model.Checkpoints;
using Improv.Model.Network;
using Improv.Music.Tokens;

namespace Improv.Export;

/// <summary>
/// How the step graph is written: elementary operators (the default: 10-20 % faster per step, measured in
/// docs/benchmarks.md) or ONNX's LSTM operator.
/// </summary>
public enum StepForm
{
    Unrolled,
    Lstm,
}

/// <summary>
/// A trained network and what the manifest must say about where it came from: its scores, and, when known, its
/// training history per epoch and the n-gram baseline's scores, so an evaluation can draw the loss curve from the model folder.
/// </summary>
public sealed record ExportRequest(MusicLstm Network, CorpusIdentity Corpus, NllSummary Nll, string TrainingCommand,
    IReadOnlyList<EpochNll>? History = null, BaselineNll? Baseline = null)
{
    /// <summary>
    /// A checkpoint folder, or a run folder (its best checkpoint, else its newest), as improv-train wrote it.
    /// The checkpoint's description does not name its corpus, only the split's hash, hence <paramref name="corpusName"/>.
    /// </summary>
    public static ExportRequest FromCheckpoint(string path, string corpusName)
    {
        var (network, info) = Checkpoint.Load(path);
        if (TokenVocabulary.Find(info.VocabularyVersion) is not { } vocabulary)
        {
            network.Dispose();
            throw new InvalidDataException(
                $"{Checkpoint.Resolve(path)}: trained on vocabulary '{info.VocabularyVersion}', which this build does not know ({string.Join(", ", TokenVocabulary.All.Select(v => v.Version))})");
        }

        return new ExportRequest(network, new CorpusIdentity(corpusName, info.SplitIdentity),
            new NllSummary(info.TrainNll, info.ValidNll, info.TestNll), info.Command,
            [.. info.Position.History.Select(e => new EpochNll(e.Epoch + 1, e.TrainNll, e.ValidNll))]) { Vocabulary = vocabulary };
    }

    /// <summary>The vocabulary the network was trained on (v1 unless the checkpoint says otherwise).</summary>
    public TokenVocabulary Vocabulary { get; init; } = TokenVocabulary.PerformanceV1;

    /// <summary>The terms the model ships under, from its training data (e.g. CC BY-NC-SA 4.0 when ASAP is in it).</summary>
    public string? Licence { get; init; }
}

/// <summary>How to export: step graph form, whether to replace an existing folder, and the verification's size.</summary>
public sealed record ExportOptions(
    StepForm StepForm = StepForm.Unrolled,
    bool Replace = false,
    int VerificationSteps = 256,
    double Tolerance = 1e-4,
    int Seed = 4);

/// <summary>Export refused or failed verification; nothing was left in the destination.</summary>
public sealed class ExportFailedException(string message) : Exception(message);
