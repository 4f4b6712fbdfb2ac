using Improv.Music.Midi;

namespace Improv.Music.Corpus;

/// <summary>Reads every MIDI file under a folder, in parallel, into songs; corrupt files are skipped with a warning.</summary>
public static class CorpusLoader
{
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
    /// Songs in id order. Each unreadable file gets one line on <paramref name="warnings"/>, and a last line counts them;
    /// the load never stops for a bad file.
    /// </summary>
    public static IReadOnlyList<Song> Load(string directory, TextWriter warnings)
    {
        var files = MidiFiles(directory);
        var read = files
            .AsParallel()
            .AsOrdered()
            .Select<string, (Song? Song, MidiFileError? Error)>(path =>
            {
                try
                {
                    var performance = MidiFileReader.Read(path);
                    return (new Song(Path.GetFileNameWithoutExtension(path), performance.Notes), null);
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
            throw new InvalidDataException($"{directory}: {duplicate.Count()} files are named {duplicate.Key}; song ids (file names) must be unique");
        songs.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return songs;
    }
}
