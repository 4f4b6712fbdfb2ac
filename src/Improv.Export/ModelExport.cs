using System.Text.Json;
using Google.Protobuf;
using Improv.Export.Onnx;
using Improv.Export.Verification;
using Improv.Inference.Model;
using Improv.Music.Tokens;

namespace Improv.Export;

/// <summary>
/// Network -> step.onnx + sequence.onnx + manifest.json, written into a temporary sibling folder, loaded back
/// through the daemon's loader, checked against TorchSharp, and only then moved into place (<see cref="ModelFolder"/>).
/// </summary>
public static class ModelExport
{
    public const string StepFile = "step.onnx";
    public const string SequenceFile = "sequence.onnx";

    public static ParityReport Export(ExportRequest request, string destination, ExportOptions options) =>
        Export(request, destination, options, perturb: null);

    /// <param name="perturb">Changes the weights written to ONNX (not the TorchSharp network): tests use it
    /// to prove that verification catches a wrong weight.</param>
    internal static ParityReport Export(ExportRequest request, string destination, ExportOptions options, Action<NetworkWeights>? perturb)
    {
        destination = Path.GetFullPath(destination);
        if (Directory.Exists(destination) && !options.Replace)
        {
            throw new ExportFailedException($"{destination} already exists; pass --force to replace it");
        }

        return ModelFolder.Write(destination, staging => WriteAndVerify(request, staging, options, perturb));
    }

    private static ParityReport WriteAndVerify(ExportRequest request, string folder, ExportOptions options, Action<NetworkWeights>? perturb)
    {
        var weights = NetworkWeights.From(request.Network);
        perturb?.Invoke(weights);
        var step = Write(folder, StepFile, options.StepForm == StepForm.Lstm ? LstmOperatorGraph.Step(weights) : UnrolledStepGraph.Step(weights));
        var sequence = Write(folder, SequenceFile, LstmOperatorGraph.Sequence(weights));

        var manifest = new ModelManifest(
            ModelManifest.CurrentFormat,
            request.Vocabulary.Version,
            request.Vocabulary.Table,
            weights.Shape,
            request.Corpus,
            request.Nll,
            request.TrainingCommand,
            GraphBuilder.Opset,
            DateTimeOffset.UtcNow,
            new GraphFile(StepFile, step, options.StepForm == StepForm.Lstm ? "lstm" : "unrolled"),
            new GraphFile(SequenceFile, sequence, "lstm"),
            request.History,
            request.Baseline,
            request.Vocabulary.Styles,
            [.. request.Vocabulary.Parts.Select(p => p.ToString().ToLowerInvariant())],
            request.Licence);
        File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), JsonSerializer.Serialize(manifest, ModelPackage.JsonOptions));

        ParityReport report;
        try
        {
            using var model = ModelPackage.Load(folder);
            report = ParityCheck.Measure(request.Network, model, options.VerificationSteps, options.Seed);
        }
        catch (ModelRejectedException e)
        {
            throw new ExportFailedException($"the written model does not load: {e.Message}");
        }

        if (!report.Within(options.Tolerance))
        {
            throw new ExportFailedException($"verification failed (tolerance {options.Tolerance:G3}): {report}");
        }

        return report;
    }

    /// <summary>Serialises a graph into the folder; returns its SHA-256.</summary>
    private static string Write(string folder, string fileName, Onnx.Proto.ModelProto model)
    {
        var bytes = model.ToByteArray();
        File.WriteAllBytes(Path.Combine(folder, fileName), bytes);
        return ModelPackage.Sha256Of(bytes);
    }
}
