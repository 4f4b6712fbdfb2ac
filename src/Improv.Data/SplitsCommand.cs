using Improv.Music.Corpus;

namespace Improv.Data;

/// <summary>`improv-data splits DIR`: writes the song ids of each split, one per line, for review and for the pinning test.</summary>
public static class SplitsCommand
{
    public static int Run(string directory, string? outDirectory, TextWriter output, TextWriter errors)
    {
        IReadOnlyList<string> files;
        try
        {
            files = CorpusLoader.MidiFiles(directory);
        }
        catch (DirectoryNotFoundException error)
        {
            errors.WriteLine($"improv-data: {error.Message}");
            return 1;
        }
        var target = outDirectory ?? Path.Combine(directory, "splits");
        Directory.CreateDirectory(target);
        var ids = files.Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();
        foreach (var split in Enum.GetValues<Split>())
        {
            var members = ids.Where(id => SongSplit.Of(id) == split).ToList();
            var path = Path.Combine(target, $"{split.ToString().ToLowerInvariant()}.txt");
            File.WriteAllLines(path, members);
            output.WriteLine($"{split,-5} {members.Count,5} songs -> {path}");
        }
        return 0;
    }
}
