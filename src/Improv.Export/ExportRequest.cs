using Improv.Inference.Model;
using Improv.Model.Network;

namespace Improv.Export;

/// <summary>How the step graph is written: ONNX's LSTM operator or elementary operators.</summary>
public enum StepForm
{
    Lstm,
    Unrolled,
}

/// <summary>A trained network and what the manifest must say about where it came from.</summary>
public sealed record ExportRequest(MusicLstm Network, CorpusIdentity Corpus, NllSummary Nll, string TrainingCommand);

/// <summary>How to export: step graph form, whether to replace an existing folder, and the verification's size.</summary>
public sealed record ExportOptions(
    StepForm StepForm = StepForm.Lstm,
    bool Replace = false,
    int VerificationSteps = 256,
    double Tolerance = 1e-4,
    int Seed = 4);

/// <summary>Export refused or failed verification; nothing was left in the destination.</summary>
public sealed class ExportFailedException(string message) : Exception(message);
