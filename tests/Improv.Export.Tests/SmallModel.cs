using Improv.Inference.Model;
using Improv.Model.Network;
using Improv.Music.Tokens;
using static TorchSharp.torch;

namespace Improv.Export.Tests;

/// <summary>A seeded, randomly initialised small network and a scratch folder to export it into.</summary>
public sealed class SmallModel : IDisposable
{
    public SmallModel()
    {
        Folder = Directory.CreateTempSubdirectory("improv-export-tests-").FullName;
        manual_seed(20261125);
        Network = new MusicLstm(new ModelShape(Vocabulary.Size, EmbeddingSize: 32, HiddenSize: 128, Layers: 2, Dropout: 0.1));
        Request = new ExportRequest(Network, new CorpusIdentity("random-init", new string('0', 64)),
            new NllSummary(null, null, null), "seeded random initialisation (tests)");
        Exported = Path.Combine(Folder, "exported");
        Report = ModelExport.Export(Request, Exported, new ExportOptions());
    }

    public string Folder { get; }

    public MusicLstm Network { get; }

    public ExportRequest Request { get; }

    /// <summary>The model exported once for the whole test class, with the LSTM-operator step graph.</summary>
    public string Exported { get; }

    public Verification.ParityReport Report { get; }

    /// <summary>A copy of the exported folder that a test may damage.</summary>
    public string CopyOfExported()
    {
        var copy = Path.Combine(Folder, $"copy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Exported))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    public void Dispose()
    {
        Network.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
