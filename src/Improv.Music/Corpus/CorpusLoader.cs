using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Music.Corpus;

/// <summary>Reads every MIDI file under a folder, in parallel, into songs; corrupt files are skipped with a warning.</summary>
public static class CorpusLoader
{
    /// <summary>POP909 read as v1 reads it: ids are file names, every note is lead.</summary>
    private static readonly CorpusEntry SinglePart = new("corpus", "", "any", PartRule.Lead, SplitRule.FileName, 1);

    /// <summary>All *.mid and *.midi files under <paramref name="directory"/>, in ordinal path order.</summary>
    public static IReadOnlyList<string> MidiFiles(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{directory}: no such corpus folder");
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".midi", StringComparison.OrdinalIgnoreCase))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// Songs in id order, ids from file names and every note lead. Each unreadable file gets one line on
    /// <paramref name="warnings"/>, and a last line counts them; the load never stops for a bad file.
    /// </summary>
    public static IReadOnlyList<Song> Load(string directory, TextWriter warnings) => Load(directory, SinglePart, warnings);

    /// <summary>Songs in id order, with ids, parts and splits by <paramref name="entry"/>'s rules.</summary>
    public static IReadOnlyList<Song> Load(string directory, CorpusEntry entry, TextWriter warnings)
    {
        if (entry.Parts == PartRule.Chorale)
            return ChoraleReader.Read(directory);

        var files = MidiFiles(directory);
        var leadTracks = new HashSet<string>(entry.LeadTracks ?? [], StringComparer.OrdinalIgnoreCase);
        Func<string, Part>? partOfTrack = entry.Parts == PartRule.Tracks ? name => leadTracks.Contains(name.Trim()) ? Part.Lead : Part.Accompaniment : null;
        var read = files
            .AsParallel()
            .AsOrdered()
            .Select<string, (Song? Song, MidiFileError? Error)>(path =>
            {
                try
                {
                    var performance = MidiFileReader.Read(path, partOfTrack);
                    var notes = entry.Parts == PartRule.Skyline ? Skyline.Split(performance.Notes) : performance.Notes;
                    return (SongOf(directory, path, entry, notes) with { Beats = performance.Beats }, null);
                }
                catch (MidiFileError error)
                {
                    return (null, error);
                }
            })
            .ToList();

        var skipped = read.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        foreach (var error in skipped)
            warnings.WriteLine($"warning: skipped {error.Message}");
        if (skipped.Count > 0)
            warnings.WriteLine($"warning: skipped {skipped.Count} of {files.Count} MIDI files in {directory}");

        var songs = read.Where(r => r.Song is not null).Select(r => r.Song!).ToList();
        var duplicate = songs.GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidDataException($"{directory}: {duplicate.Count()} files are named {duplicate.Key}; song ids must be unique (split rule {entry.Split})");
        songs.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return songs;
    }

    private static Song SongOf(string directory, string path, CorpusEntry entry, IReadOnlyList<Note> notes)
    {
        var (id, split) = Identify(directory, path, entry);
        return new Song(id, notes) { Split = split };
    }

    /// <summary>
    /// A MIDI file's song id and split by <paramref name="entry"/>'s rules, from its path alone (no need to read it):
    /// the file name (POP909), or the path relative to the corpus folder, split by its own hash or, with
    /// <see cref="SplitRule.Folder"/>, by its folder's, so every performance of one piece lands in one split.
    /// </summary>
    public static (string Id, Split Split) Identify(string directory, string path, CorpusEntry entry)
    {
        var relative = Path.ChangeExtension(Path.GetRelativePath(directory, path), null).Replace('\\', '/');
        return entry.Split switch
        {
            SplitRule.FileName => (Path.GetFileNameWithoutExtension(path), SongSplit.Of(Path.GetFileNameWithoutExtension(path))),
            SplitRule.Folder => (relative, SongSplit.Of(Path.GetDirectoryName(relative)?.Replace('\\', '/') ?? relative)),
            _ => (relative, SongSplit.Of(relative)),
        };
    }
}
