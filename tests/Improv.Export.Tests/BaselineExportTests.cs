using Improv.Inference.Model;
using Improv.Music.Corpus;
using Improv.Music.Midi;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Export.Tests;

/// <summary>With a corpus, the exporter measures the n-gram baseline and the manifest carries it to the daemon's loader.</summary>
[Collection(SmallModelCollection.Name)]
public class BaselineExportTests(SmallModel small)
{
    [Fact]
    public void TheBaselineOfTheCorpusTravelsInTheManifest()
    {
        // Songs that all play one repeated phrase, named so that every split gets some: a 3-gram learns the phrase.
        var corpus = Directory.CreateDirectory(Path.Combine(small.Folder, $"corpus-{Guid.NewGuid():N}")).FullName;
        var phrase = Enumerable.Range(0, 40).Select(i => new Note(60 + i % 5 * 2, 80, i * 0.25, i * 0.25 + 0.2)).ToList();
        var ids = Enumerable.Range(0, 200).Select(i => $"song-{i:000}").ToList();
        foreach (var split in Enum.GetValues<Split>())
        {
            foreach (var id in ids.Where(id => SongSplit.Of(id) == split).Take(3))
            {
                MidiFileWriter.Write(Path.Combine(corpus, $"{id}.mid"), [new NoteTrack("Piano", phrase)]);
            }
        }

        var baseline = NgramBaseline.Measure(corpus, TokenVocabulary.PerformanceV1, TextWriter.Null);
        Assert.Equal("3-gram Kneser-Ney", baseline.Name);
        Assert.True(baseline.Valid < Math.Log(Vocabulary.Size) / 4, $"valid NLL {baseline.Valid} vs uniform {Math.Log(Vocabulary.Size):F3}");
        Assert.Equal(baseline.Valid, baseline.Test);

        var destination = Path.Combine(small.Folder, $"with-baseline-{Guid.NewGuid():N}");
        ModelExport.Export(small.Request with { Baseline = baseline }, destination, new ExportOptions());
        using var model = ModelPackage.Load(destination);
        Assert.Equal(baseline, model.Manifest.Baseline);
    }
}
