using System.Text.Json;
using System.Text.Json.Serialization;

namespace Improv.Music.Corpus;

/// <summary>How a corpus's notes are given parts.</summary>
public enum PartRule
{
    /// <summary>By track name: the tracks in <see cref="CorpusEntry.LeadTracks"/> are lead, the rest accompaniment (POP909).</summary>
    Tracks,
    /// <summary>Solo piano: the <see cref="Skyline"/> rule.</summary>
    Skyline,
    /// <summary>Every note is lead (monophonic solos).</summary>
    Lead,
    /// <summary>Four-voice chorales from <see cref="ChoraleReader"/>: soprano lead.</summary>
    Chorale,
}

/// <summary>How a corpus's songs are named and divided into train, valid and test.</summary>
public enum SplitRule
{
    /// <summary>Id = file name; split = hash of the id (POP909, as v1 pinned it).</summary>
    FileName,
    /// <summary>Id = path relative to the corpus folder; split = hash of the id.</summary>
    Path,
    /// <summary>Id = relative path; split = hash of the folder holding the file, so every performance of one piece lands in one split (ASAP).</summary>
    Folder,
    /// <summary>The split the corpus itself publishes (the chorales).</summary>
    Published,
}

/// <summary>One corpus in data/corpora.json: where it is, its style, how its parts and splits are found, and its share of training.</summary>
public sealed record CorpusEntry(
    string Name,
    string Folder,
    string Style,
    PartRule Parts,
    SplitRule Split,
    double Weight,
    bool HeldOut = false,
    IReadOnlyList<string>? LeadTracks = null);

/// <summary>data/corpora.json: the corpora the v2 model trains and is evaluated on.</summary>
public sealed record CorpusCatalog(string Root, IReadOnlyList<CorpusEntry> Corpora)
{
    public const string FileName = "corpora.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>The corpora that are trained on (not held out).</summary>
    public IEnumerable<CorpusEntry> Trained => Corpora.Where(c => !c.HeldOut);

    /// <summary>Whether <paramref name="directory"/> holds a catalog (a data folder) rather than one corpus.</summary>
    public static bool IsCatalog(string directory) => File.Exists(System.IO.Path.Combine(directory, FileName));

    /// <summary>Reads <paramref name="directory"/>/corpora.json; a missing or malformed one names the file and the fault.</summary>
    public static CorpusCatalog Read(string directory)
    {
        var path = System.IO.Path.Combine(directory, FileName);
        CatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogFile>(File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        if (file?.Corpora is not { Count: > 0 } corpora)
            throw new InvalidDataException($"{path}: no corpora listed");
        foreach (var entry in corpora)
        {
            if (!entry.HeldOut && entry.Weight <= 0)
                throw new InvalidDataException($"{path}: corpus '{entry.Name}' has weight {entry.Weight}; a trained corpus needs a positive weight");
            if (entry.Parts == PartRule.Tracks && entry.LeadTracks is not { Count: > 0 })
                throw new InvalidDataException($"{path}: corpus '{entry.Name}' takes parts from tracks but names no leadTracks");
        }

        return new CorpusCatalog(directory, corpora);
    }

    /// <summary>
    /// The catalog entry that describes <paramref name="folder"/> (data/asap is the entry whose folder is "asap" in
    /// data/corpora.json), so a corpus folder is read by its own rules wherever it is named; null when none does.
    /// </summary>
    public static CorpusEntry? EntryFor(string folder)
    {
        var full = System.IO.Path.GetFullPath(folder).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        var parent = System.IO.Path.GetDirectoryName(full);
        if (parent is null || !IsCatalog(parent))
            return null;
        var name = System.IO.Path.GetFileName(full);
        return Read(parent).Corpora.FirstOrDefault(c => c.Folder == name);
    }

    /// <summary>The entry named <paramref name="name"/>; an unknown name lists the known ones.</summary>
    public CorpusEntry this[string name] => Corpora.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"{System.IO.Path.Combine(Root, FileName)} has no corpus '{name}'; it has {string.Join(", ", Corpora.Select(c => c.Name))}");

    /// <summary>The songs of one corpus, with parts and splits by its rules.</summary>
    public IReadOnlyList<Song> Load(CorpusEntry entry, TextWriter warnings) =>
        CorpusLoader.Load(System.IO.Path.Combine(Root, entry.Folder), entry, warnings);

    private sealed record CatalogFile(List<CorpusEntry>? Corpora);
}
