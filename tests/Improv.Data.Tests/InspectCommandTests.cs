using Improv.Data;
using Improv.Music.Corpus;

namespace Improv.Data.Tests;

/// <summary>`improv-data inspect` on a real POP909 file and on a cut one.</summary>
public sealed class InspectCommandTests
{
    private static readonly string Song001 = Path.Combine(Repository.Pop909, "POP909", "001", "001.mid");

    [Fact]
    public void Inspect_prints_tracks_notes_and_the_token_histogram()
    {
        var output = new StringWriter();

        var exit = InspectCommand.Run(Song001, output, TextWriter.Null);

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("MELODY", text);
        Assert.Contains("PIANO", text);
        Assert.Matches(@"notes\s+\d+", text);
        Assert.Matches(@"pitch range\s+\d+-\d+", text);
        foreach (var kind in new[] { "NoteOn", "NoteOff", "TimeShift", "Velocity" })
            Assert.Matches($@"{kind}\s+\d+", text);
    }

    [Fact]
    public void Inspect_of_a_corrupt_file_exits_non_zero_naming_the_file_and_the_problem()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("cut.mid");
        File.WriteAllBytes(path, File.ReadAllBytes(Song001)[..9]);
        var errors = new StringWriter();

        var exit = InspectCommand.Run(path, TextWriter.Null, errors);

        Assert.NotEqual(0, exit);
        Assert.Contains(path, errors.ToString());
        Assert.Contains("truncated header", errors.ToString());
    }

    [Fact]
    public void Splits_files_each_song_id_under_the_split_of_its_hash()
    {
        using var folder = new TemporaryFolder();
        var corpus = Directory.CreateDirectory(folder.File("corpus")).FullName;
        var ids = Enumerable.Range(1, 30).Select(i => $"{i:000}").ToArray();
        foreach (var id in ids)
            File.Copy(Path.Combine(Repository.Pop909, "POP909", id, $"{id}.mid"), Path.Combine(corpus, $"{id}.mid"));

        var exit = SplitsCommand.Run(corpus, folder.File("splits"), TextWriter.Null, TextWriter.Null);

        Assert.Equal(0, exit);
        foreach (var split in Enum.GetValues<Split>())
        {
            var listed = File.ReadAllLines(Path.Combine(folder.File("splits"), $"{split.ToString().ToLowerInvariant()}.txt"));
            Assert.Equal(ids.Where(id => SongSplit.Of(id) == split), listed);
            // The committed POP909 lists agree for these songs: the split depends on the id alone.
            var committed = File.ReadAllLines(Path.Combine(Repository.Pop909, "splits", $"{split.ToString().ToLowerInvariant()}.txt"));
            Assert.Equal(committed.Where(ids.Contains), listed);
        }
    }
}
