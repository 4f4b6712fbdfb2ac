using Improv.Music.Corpus;
using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Music.Tests;

public sealed class CorpusLoaderTests
{
    [Fact]
    public void Loading_a_folder_skips_corrupt_files_with_one_warning_each_and_a_count()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("b"));
        MidiFileWriter.Write(folder.File("a.mid"), [new NoteTrack("Piano", [new Note(60, 100, 0, 1)])]);
        MidiFileWriter.Write(folder.File("b/c.mid"), [new NoteTrack("Piano", [new Note(62, 100, 0, 1), new Note(64, 90, 1, 2)])]);
        var good = File.ReadAllBytes(folder.File("a.mid"));
        File.WriteAllBytes(folder.File("truncated.mid"), good[..20]);
        File.WriteAllBytes(folder.File("b/garbage.mid"), [.. good[..22], 0x00, 0xF5, .. good[24..]]);
        File.WriteAllText(folder.File("notes.txt"), "not MIDI and not looked at");
        var warnings = new StringWriter();

        var songs = CorpusLoader.Load(folder.Path, warnings);

        Assert.Equal(["a", "c"], songs.Select(s => s.Id));
        Assert.Equal([1, 2], songs.Select(s => s.Notes.Count));
        var lines = warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(folder.File("b/garbage.mid"), lines[0]);
        Assert.Contains("garbage event", lines[0]);
        Assert.Contains(folder.File("truncated.mid"), lines[1]);
        Assert.Contains("skipped 2 of 4 MIDI files", lines[2]);
    }

    [Fact]
    public void A_missing_folder_is_an_error_naming_it()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => CorpusLoader.Load("/nonexistent/corpus", TextWriter.Null));

        Assert.Contains("/nonexistent/corpus", error.Message);
    }
}

/// <summary>Every corpus of data/corpora.json keeps the split committed beside it (data/NAME/splits), so no song moves between train and test unnoticed.</summary>
public class CatalogSplitTests
{
    [Fact]
    public void EveryCorpusSplitMatchesItsCommittedLists()
    {
        var data = Path.Combine(Repository.Root, "data");
        var catalog = CorpusCatalog.Read(data);
        Assert.Equal(["pop909", "asap", "weimar-jazz", "jsb_chorales", "pianolatron"], catalog.Corpora.Select(c => c.Name));
        foreach (var entry in catalog.Corpora)
        {
            var folder = Path.Combine(data, entry.Folder);
            var songs = entry.Parts == PartRule.Chorale
                ? catalog.Load(entry, TextWriter.Null).Select(s => (s.Id, s.Split)).ToList()
                : CorpusLoader.MidiFiles(folder).Select(path => CorpusLoader.Identify(folder, path, entry)).ToList();
            Assert.Equal(songs.Count, songs.Select(s => s.Id).Distinct().Count());
            foreach (var split in Enum.GetValues<Split>())
            {
                var committed = File.ReadAllLines(Path.Combine(folder, "splits", $"{split.ToString().ToLowerInvariant()}.txt"));
                var computed = songs.Where(s => s.Split == split).Select(s => s.Id).Order(StringComparer.Ordinal).ToArray();
                Assert.True(committed.SequenceEqual(computed), $"{entry.Name} {split}: {committed.Length} committed ids, {computed.Length} computed; run improv-data splits data");
                Assert.NotEmpty(committed);
            }
        }
    }

    [Fact]
    public void AsapPerformancesOfOnePieceShareOneSplit()
    {
        var folder = Path.Combine(Repository.Root, "data", "asap");
        var entry = CorpusCatalog.Read(Path.Combine(Repository.Root, "data"))["asap"];
        var byPiece = CorpusLoader.MidiFiles(folder)
            .Select(path => (Piece: Path.GetDirectoryName(path)!, CorpusLoader.Identify(folder, path, entry).Split))
            .GroupBy(p => p.Piece)
            .ToList();
        Assert.Contains(byPiece, g => g.Count() > 1);
        Assert.All(byPiece, g => Assert.Single(g.Select(p => p.Split).Distinct()));
    }
}
