using Improv.Export;
using Improv.Export.Onnx;
using Improv.Inference.Model;
using Improv.Model.Network;
using Improv.Music.Tokens;
using static TorchSharp.torch;

namespace Improv.Benchmarks;

/// <summary>
/// A model to step in all three engines: the ONNX package the daemon loads, and the same network's tensors for
/// TorchSharp and the plain C# step.
/// </summary>
public sealed class BenchmarkModel : IDisposable
{
    /// <summary>The bundled models/default (H=256, L=2, E=256, V=390), copied beside the benchmark.</summary>
    public const string Default = "default";

    /// <summary>H=512 with seeded random weights (time does not depend on the values), exported as the exporter does.</summary>
    public const string Hidden512 = "random-h512";

    private BenchmarkModel(ModelPackage package, NetworkWeights weights)
    {
        Package = package;
        Weights = weights;
    }

    public ModelPackage Package { get; }

    public NetworkWeights Weights { get; }

    public static BenchmarkModel Load(string name) => name switch
    {
        Default => Bundled(Path.Combine(AppContext.BaseDirectory, "models", "default")),
        Hidden512 => RandomWeights(hiddenSize: 512),
        _ => throw new ArgumentException($"model '{name}': choose {Default} or {Hidden512}", nameof(name)),
    };

    /// <summary>An exported model folder: its step graph for ONNX Runtime, its weights read back from the sequence graph.</summary>
    public static BenchmarkModel Bundled(string folder)
    {
        var package = ModelPackage.Load(folder);
        return new BenchmarkModel(package, SequenceGraphWeights.Read(package));
    }

    private static BenchmarkModel RandomWeights(int hiddenSize)
    {
        var scratch = Directory.CreateTempSubdirectory("improv-benchmark-").FullName;
        manual_seed(hiddenSize);
        using var network = new MusicLstm(new ModelShape(Vocabulary.Size, EmbeddingSize: 256, hiddenSize, Layers: 2, Dropout: 0.2));
        network.eval();
        try
        {
            var folder = Path.Combine(scratch, "model");
            ModelExport.Export(
                new ExportRequest(network, new CorpusIdentity("random-weights", new string('0', 16)), new NllSummary(null, null, null),
                    $"seeded random initialisation, hidden {hiddenSize} (Improv.Benchmarks)"),
                folder, new ExportOptions());
            // The package holds the graphs in memory once loaded: the folder can go at once.
            return new BenchmarkModel(ModelPackage.Load(folder), NetworkWeights.From(network));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    public void Dispose() => Package.Dispose();
}
