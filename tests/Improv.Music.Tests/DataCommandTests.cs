using Improv.Data;
using Improv.Music.Corpus;

namespace Improv.Music.Tests;

public sealed class DataCommandTests
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
    public void Tokenize_writes_a_cache_the_training_side_can_load()
    {
        using var folder = new TemporaryFolder();
        var corpus = Directory.CreateDirectory(folder.File("corpus")).FullName;
        foreach (var id in new[] { "001", "002", "003", "004", "005", "006", "007", "008" })
            File.Copy(Path.Combine(Repository.Pop909, "POP909", id, $"{id}.mid"), Path.Combine(corpus, $"{id}.mid"));
        File.WriteAllBytes(Path.Combine(corpus, "broken.mid"), [0x4D, 0x54]);
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = TokenizeCommand.Run(corpus, folder.File("cache"), output, errors);

        Assert.Equal(0, exit);
        Assert.Contains("broken.mid", errors.ToString());
        var cache = TokenCache.Load(folder.File("cache"));
        Assert.Equal(8, cache.Train.Count + cache.Valid.Count + cache.Test.Count);
        Assert.Contains("time", output.ToString());
    }

    [Fact]
    public void Tokenize_of_a_missing_folder_exits_non_zero()
    {
        var errors = new StringWriter();

        Assert.NotEqual(0, TokenizeCommand.Run("/nonexistent/corpus", "/tmp/unused", TextWriter.Null, errors));
        Assert.Contains("/nonexistent/corpus", errors.ToString());
    }
}
