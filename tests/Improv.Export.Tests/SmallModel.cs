using Improv.Inference.Model;
using Improv.Model.Network;
using Improv.Music.Tokens;
using static TorchSharp.torch;

namespace Improv.Export.Tests;

/// <summary>
/// A small network, seeded and briefly trained on a repeating phrase (so its gates saturate and its state
/// grows as a trained model's do, unlike a fresh initialisation), and a scratch folder to export it into.
/// </summary>
public sealed class SmallModel : IDisposable
{
    public SmallModel()
    {
        Folder = Directory.CreateTempSubdirectory("improv-export-tests-").FullName;
        manual_seed(20261125);
        Network = new MusicLstm(new ModelShape(Vocabulary.Size, EmbeddingSize: 32, HiddenSize: 128, Layers: 2, Dropout: 0.1));
        (FirstLoss, LastLoss) = Train(Network, steps: 40);
        Request = new ExportRequest(Network, new CorpusIdentity("repeating-phrase", new string('0', 64)),
            new NllSummary(LastLoss, null, null), "SmallModel.Train (tests)");
        Exported = Path.Combine(Folder, "exported");
        Report = ModelExport.Export(Request, Exported, new ExportOptions());
    }

    public string Folder { get; }

    public double FirstLoss { get; }

    public double LastLoss { get; }

    public MusicLstm Network { get; }

    public ExportRequest Request { get; }

    /// <summary>The model exported once for the whole test class, with the default (unrolled) step graph.</summary>
    public string Exported { get; }

    public Verification.ParityReport Report { get; }

    /// <summary>Teacher-forced next-token training on a C major phrase played over and over.</summary>
    private static (double First, double Last) Train(MusicLstm network, int steps)
    {
        int[] phrase = [Vocabulary.Velocity(20), Vocabulary.NoteOn(60), Vocabulary.TimeShift(25), Vocabulary.NoteOff(60),
            Vocabulary.NoteOn(64), Vocabulary.TimeShift(25), Vocabulary.NoteOff(64), Vocabulary.NoteOn(67), Vocabulary.TimeShift(50), Vocabulary.NoteOff(67)];
        var tokens = Enumerable.Range(0, 4 * 65).Select(i => (long)phrase[(i + i / 65 * 3) % phrase.Length]).ToArray();
        using var batch = tensor(tokens, 4, 65);
        using var inputs = batch[.., ..64];
        using var targets = batch[.., 1..].reshape(-1);
        using var optimizer = optim.Adam(network.parameters(), lr: 0.01);
        network.train();
        double first = 0, last = 0;
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var (logits, _) = network.call(inputs, null);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, Vocabulary.Size), targets);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            first = step == 0 ? last : first;
        }

        network.eval();
        return (first, last);
    }

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

/// <summary>
/// One <see cref="SmallModel"/> for every test class: trained once, and never built by two classes at once
/// (they would share TorchSharp's global random generator and get different weights from run to run).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SmallModelCollection : ICollectionFixture<SmallModel>
{
    public const string Name = "small model";
}
