using Improv.Music.Corpus;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Music.Tests;

public sealed class TokenCacheTests
{
    private static TokenSplits Sample()
    {
        var songs = Enumerable.Range(1, 40)
            .Select(i => new Song($"song{i}", [new Note(30 + i, 10 + i, 0.1 * i, 0.1 * i + 2), new Note(90, 127, 5, 7)]))
            .ToList();
        return TokenSplits.Tokenize(songs);
    }

    [Fact]
    public void A_written_cache_loads_back_song_by_song_per_split()
    {
        using var folder = new TemporaryFolder();
        var written = Sample();

        TokenCache.Write(folder.Path, written);
        var loaded = TokenCache.Load(folder.Path);

        foreach (var split in Enum.GetValues<Split>())
        {
            Assert.Equal(written[split].Select(s => s.Id), loaded[split].Select(s => s.Id));
            Assert.Equal(written[split].Select(s => s.Tokens), loaded[split].Select(s => s.Tokens));
        }
        Assert.NotEmpty(loaded.Train);
    }

    [Fact]
    public void A_cache_of_another_vocabulary_version_is_refused_by_name()
    {
        using var folder = new TemporaryFolder();
        TokenCache.Write(folder.Path, Sample());
        var path = TokenCache.FileOf(folder.Path, Split.Valid);
        var bytes = File.ReadAllBytes(path);
        var version = System.Text.Encoding.UTF8.GetBytes(Vocabulary.Version);
        var at = bytes.AsSpan().IndexOf(version);
        bytes[at + version.Length - 1] = (byte)'0';
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => TokenCache.Load(folder.Path));

        Assert.Contains(path, error.Message);
        Assert.Contains(Vocabulary.Version, error.Message);
    }

    [Fact]
    public void A_truncated_or_missing_cache_is_refused_by_name()
    {
        using var folder = new TemporaryFolder();
        TokenCache.Write(folder.Path, Sample());
        var train = TokenCache.FileOf(folder.Path, Split.Train);
        File.WriteAllBytes(train, File.ReadAllBytes(train)[..^3]);

        Assert.Contains(train, Assert.Throws<InvalidDataException>(() => TokenCache.Load(folder.Path)).Message);
        File.Delete(train);
        Assert.Contains(train, Assert.Throws<InvalidDataException>(() => TokenCache.Load(folder.Path)).Message);
    }
}
