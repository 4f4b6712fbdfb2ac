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
