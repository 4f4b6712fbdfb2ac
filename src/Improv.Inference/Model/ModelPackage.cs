using System.Security.Cryptography;
using System.Text.Json;
using Improv.Music.Tokens;
using Microsoft.ML.OnnxRuntime;

namespace Improv.Inference.Model;

/// <summary>
/// A model folder that passed every check (manifest, vocabulary, checksums, graph interfaces), with its ONNX Runtime
/// sessions open. This is the only way the daemon gets a model: nothing unchecked reaches a step.
/// </summary>
public sealed class ModelPackage : IDisposable
{
    private ModelPackage(string directory, ModelManifest manifest, InferenceSession step, InferenceSession? sequence)
    {
        Directory = directory;
        Manifest = manifest;
        StepGraph = step;
        SequenceGraph = sequence;
    }

    public string Directory { get; }

    public ModelManifest Manifest { get; }

    /// <summary>The token vocabulary the model speaks (its manifest's version, checked against this build's table).</summary>
    public TokenVocabulary Vocabulary => TokenVocabulary.Of(Manifest.VocabularyVersion);

    public Hyperparameters Hyperparameters => Manifest.Hyperparameters;

    internal InferenceSession StepGraph { get; }

    /// <summary>The whole-sequence graph; null when loaded for stepping only (<see cref="ModelGraphs.StepOnly"/>).</summary>
    internal InferenceSession? SequenceGraph { get; }

    /// <summary>The JSON layout of manifest.json; strict about missing and null fields.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
    };

    /// <summary>
    /// Reads and checks the model folder; throws <see cref="ModelRejectedException"/> naming what is wrong. Both graph
    /// files are always checksummed; with <see cref="ModelGraphs.StepOnly"/> the sequence graph gets no session.
    /// </summary>
    public static ModelPackage Load(string directory, ModelGraphs graphs = ModelGraphs.StepAndSequence)
    {
        var manifest = ReadManifest(directory);
        CheckVocabulary(directory, manifest);
        var stepBytes = ReadChecked(directory, manifest.StepGraph);
        var sequenceBytes = ReadChecked(directory, manifest.SequenceGraph);

        using var options = SessionSettings.Create();
        var step = OpenChecked(directory, "step graph", manifest.StepGraph, stepBytes, options,
            GraphContract.Step(manifest.Hyperparameters));
        if (graphs == ModelGraphs.StepOnly)
        {
            return new ModelPackage(directory, manifest, step, null);
        }
        try
        {
            var sequence = OpenChecked(directory, "sequence graph", manifest.SequenceGraph, sequenceBytes, options,
                GraphContract.Sequence(manifest.Hyperparameters));
            return new ModelPackage(directory, manifest, step, sequence);
        }
        catch
        {
            step.Dispose();
            throw;
        }
    }

    /// <summary>SHA-256 of the bytes as lower-case hex: the form the manifest stores.</summary>
    public static string Sha256Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static ModelManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ModelManifest.FileName);
        if (!File.Exists(path))
        {
            throw new ModelRejectedException($"model {directory}: no {ModelManifest.FileName} in the folder");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelRejectedException($"model {directory}: {ModelManifest.FileName} is not a valid manifest: {e.Message}");
        }

        if (manifest is null)
        {
            throw new ModelRejectedException($"model {directory}: {ModelManifest.FileName} is empty (null)");
        }

        if (manifest.Format != ModelManifest.CurrentFormat)
        {
            throw new ModelRejectedException(
                $"model {directory}: manifest format {manifest.Format}, this build reads format {ModelManifest.CurrentFormat}");
        }

        return manifest;
    }

    private static void CheckVocabulary(string directory, ModelManifest manifest)
    {
        var vocabulary = TokenVocabulary.Find(manifest.VocabularyVersion) ?? throw new ModelRejectedException(
            $"model {directory}: vocabulary '{manifest.VocabularyVersion}' is not one this build reads ({string.Join(", ", TokenVocabulary.All.Select(v => v.Version))})");
        var table = vocabulary.Table;
        if (manifest.Tokens.Count != table.Count)
        {
            throw new ModelRejectedException(
                $"model {directory}: vocabulary table has {manifest.Tokens.Count} tokens, this build's vocabulary '{vocabulary.Version}' has {table.Count}");
        }

        for (var id = 0; id < table.Count; id++)
        {
            if (manifest.Tokens[id] != table[id])
            {
                throw new ModelRejectedException(
                    $"model {directory}: vocabulary table differs from this build's at token {id}: manifest '{manifest.Tokens[id]}', build '{table[id]}'");
            }
        }

        var parts = vocabulary.Parts.Select(p => p.ToString().ToLowerInvariant()).ToArray();
        if (manifest.Parts is { } listedParts && !listedParts.SequenceEqual(parts))
        {
            throw new ModelRejectedException(
                $"model {directory}: manifest parts [{string.Join(", ", listedParts)}], vocabulary '{vocabulary.Version}' has [{string.Join(", ", parts)}]");
        }

        if (manifest.Styles is { } listedStyles && !listedStyles.SequenceEqual(vocabulary.Styles))
        {
            throw new ModelRejectedException(
                $"model {directory}: manifest styles [{string.Join(", ", listedStyles)}], vocabulary '{vocabulary.Version}' has [{string.Join(", ", vocabulary.Styles)}]");
        }

        if (manifest.Hyperparameters.VocabularySize != table.Count)
        {
            throw new ModelRejectedException(
                $"model {directory}: vocabulary size {manifest.Hyperparameters.VocabularySize} in hyperparameters, this build's vocabulary has {table.Count}");
        }
    }

    private static byte[] ReadChecked(string directory, GraphFile graph)
    {
        if (graph.File != Path.GetFileName(graph.File))
        {
            throw new ModelRejectedException($"model {directory}: graph file '{graph.File}' must be a plain file name inside the folder");
        }

        var path = Path.Combine(directory, graph.File);
        if (!File.Exists(path))
        {
            throw new ModelRejectedException($"model {directory}: {graph.File} is named in the manifest but missing");
        }

        // Hash and load the same bytes, so the file cannot change between the check and the session.
        var bytes = File.ReadAllBytes(path);
        var actual = Sha256Of(bytes);
        if (!string.Equals(actual, graph.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelRejectedException(
                $"model {directory}: checksum of {graph.File} fails: SHA-256 is {actual}, manifest says {graph.Sha256} (file changed or corrupted)");
        }

        return bytes;
    }

    private static InferenceSession OpenChecked(string directory, string role, GraphFile graph, byte[] bytes,
        SessionOptions options, (GraphContract.Port[] Inputs, GraphContract.Port[] Outputs) expected)
    {
        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelRejectedException($"model {directory}: ONNX Runtime cannot load the {role} {graph.File}: {e.Message}");
        }

        var mismatches = GraphContract.Mismatches(session, expected);
        if (mismatches.Count > 0)
        {
            session.Dispose();
            throw new ModelRejectedException(
                $"model {directory}: {role} {graph.File} does not match the manifest's hyperparameters: {string.Join("; ", mismatches)}");
        }

        return session;
    }

    public void Dispose()
    {
        StepGraph.Dispose();
        SequenceGraph?.Dispose();
    }
}

/// <summary>Which of a model's graphs get an ONNX Runtime session.</summary>
public enum ModelGraphs
{
    /// <summary>Both: stepping, and whole primers or songs in one call (generation, evaluation, export checks).</summary>
    StepAndSequence,

    /// <summary>
    /// The step graph only: what the daemon plays with. The sequence session's weights and prepacked kernels (about
    /// 8 MB resident for the bundled model) are never mapped.
    /// </summary>
    StepOnly,
}
