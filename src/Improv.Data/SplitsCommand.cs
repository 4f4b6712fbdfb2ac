using Improv.Music.Corpus;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Data;

/// <summary>
/// `improv-data splits DIR`: writes the song ids of each split, one per line, for review and for the pinning test. DIR
/// is one corpus folder (ids and splits from file names), or a data folder with a catalog (data/corpora.json), whose
/// every corpus gets its own lists in its folder, by its own rules.
/// </summary>
public static class SplitsCommand
{
    public static int Run(string directory, string? outDirectory, TextWriter output, TextWriter errors)
    {
        if (CorpusCatalog.IsCatalog(directory))
            return RunCatalog(directory, output, errors);

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
        var ids = files.Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Write(outDirectory ?? Path.Combine(directory, "splits"), ids.Select(id => (id, SongSplit.Of(id))).ToList(), output);
        return 0;
    }

    private static int RunCatalog(string directory, TextWriter output, TextWriter errors)
    {
        CorpusCatalog catalog;
        try
        {
            catalog = CorpusCatalog.Read(directory);
        }
        catch (InvalidDataException error)
        {
            errors.WriteLine($"improv-data: {error.Message}");
            return 1;
        }

        foreach (var entry in catalog.Corpora)
        {
            var songs = catalog.Load(entry, errors);
            var notes = songs.Sum(s => (long)s.Notes.Count);
            var lead = songs.Sum(s => (long)s.Notes.Count(n => n.Part == Part.Lead));
            var tokens = songs.AsParallel().Sum(s => (long)PerformanceEncoder.EncodePiece(s.Notes, TokenVocabulary.PerformanceV2, entry.Style).Length);
            output.WriteLine($"{entry.Name} ({entry.Style}{(entry.HeldOut ? ", held out" : "")}): {songs.Count} songs, {notes:N0} notes " +
                $"({100.0 * lead / Math.Max(1, notes):0.#} % lead), {tokens:N0} v2 tokens");
            Write(Path.Combine(directory, entry.Folder, "splits"), songs.Select(s => (s.Id, s.Split)).ToList(), output);
        }

        return 0;
    }

    private static void Write(string target, IReadOnlyList<(string Id, Split Split)> songs, TextWriter output)
    {
        Directory.CreateDirectory(target);
        foreach (var split in Enum.GetValues<Split>())
        {
            var members = songs.Where(s => s.Split == split).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
            var path = Path.Combine(target, $"{split.ToString().ToLowerInvariant()}.txt");
            File.WriteAllLines(path, members);
            output.WriteLine($"{split,-5} {members.Count,5} songs -> {path}");
        }
    }
}
