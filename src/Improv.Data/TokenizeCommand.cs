using System.Diagnostics;
using Improv.Music.Corpus;

namespace Improv.Data;

/// <summary>`improv-data tokenize DIR --out cache/tokens`: reads a corpus, tokenises it, writes the token cache, says how long it took.</summary>
public static class TokenizeCommand
{
    public static int Run(string directory, string outDirectory, TextWriter output, TextWriter errors)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Song> songs;
        try
        {
            songs = CorpusLoader.Load(directory, errors);
        }
        catch (Exception error) when (error is DirectoryNotFoundException or InvalidDataException)
        {
            errors.WriteLine($"improv-data: {error.Message}");
            return 1;
        }
        var read = clock.Elapsed;
        var splits = TokenSplits.Tokenize(songs);
        var encoded = clock.Elapsed;
        TokenCache.Write(outDirectory, splits);
        var total = clock.Elapsed;

        output.WriteLine($"songs   {songs.Count} read from {directory}, {songs.Sum(s => s.Notes.Count)} notes");
        foreach (var split in Enum.GetValues<Split>())
        {
            var part = splits[split];
            output.WriteLine($"{split,-7} {part.Count,5} songs {part.Sum(s => (long)s.Tokens.Length),10} tokens -> {TokenCache.FileOf(outDirectory, split)}");
        }
        output.WriteLine($"time    {total.TotalSeconds:F2} s (read MIDI {read.TotalSeconds:F2} s, encode {(encoded - read).TotalSeconds:F2} s, write {(total - encoded).TotalSeconds:F2} s)");
        return 0;
    }
}
