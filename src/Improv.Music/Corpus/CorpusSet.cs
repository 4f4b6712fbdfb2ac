using System.Security.Cryptography;
using System.Text;
using Improv.Music.Tokens;

namespace Improv.Music.Corpus;

/// <summary>
/// The one corpus pipeline: a corpus folder, or a data folder with a catalog (data/corpora.json), read and split
/// (corpus -> splits), then encoded as whole pieces (splits -> pieces). Training, the n-gram baseline, evaluation and
/// the listening kit all come through here, so they score and play the same songs encoded the same way.
/// </summary>
public sealed class CorpusSet
{
    /// <summary>Validation tokens kept per corpus of a catalog: an epoch's validation stays minutes, not an hour, on 2 cores.</summary>
    public const int ValidTokensPerCorpus = 150_000;

    private CorpusSet(string root, IReadOnlyList<SplitCorpus> corpora, bool isCatalog)
    {
        Root = root;
        Corpora = corpora;
        IsCatalog = isCatalog;
    }

    /// <summary>The folder it was loaded from.</summary>
    public string Root { get; }

    /// <summary>One corpus for a folder; every trained (not held-out) corpus of a catalog, in catalog order.</summary>
    public IReadOnlyList<SplitCorpus> Corpora { get; }

    public bool IsCatalog { get; }

    /// <summary>Reads <paramref name="directory"/>: a catalog when it holds corpora.json, else one corpus folder.</summary>
    /// <exception cref="InvalidDataException">The catalog is malformed, or a corpus has no songs.</exception>
    public static CorpusSet Load(string directory, TextWriter warnings)
    {
        if (!CorpusCatalog.IsCatalog(directory))
        {
            // A folder the catalog above it describes (data/asap) is read by its rules: its ids, parts, split and style.
            var entry = CorpusCatalog.EntryFor(directory);
            var songs = entry is null ? CorpusLoader.Load(directory, warnings) : CorpusLoader.Load(directory, entry, warnings);
            return new CorpusSet(directory, [new SplitCorpus(entry, directory, CorpusSplits.Of(songs))], isCatalog: false);
        }

        var catalog = CorpusCatalog.Read(directory);
        var corpora = catalog.Trained
            .Select(entry => new SplitCorpus(entry, Path.Combine(catalog.Root, entry.Folder), CorpusSplits.Of(catalog.Load(entry, warnings))))
            .ToArray();
        return new CorpusSet(catalog.Root, corpora, isCatalog: true);
    }

    /// <summary>The songs of one split, corpus after corpus.</summary>
    public IReadOnlyList<Song> Songs(Split split) => [.. Corpora.SelectMany(c => c.Splits[split])];

    /// <summary>Throws, naming the corpus folder, when any corpus lacks songs in one of <paramref name="splits"/>.</summary>
    public void Require(params Split[] splits)
    {
        foreach (var corpus in Corpora)
        {
            foreach (var split in splits)
            {
                if (corpus.Splits[split].Count == 0)
                    throw new InvalidDataException($"{corpus.Folder}: no {split.ToString().ToLowerInvariant()} songs; a corpus needs songs in every split it is used for");
            }
        }
    }

    /// <summary>
    /// Names the split for a checkpoint or a manifest: a folder's <see cref="CorpusSplits.Identity"/>; for a catalog, a
    /// hash over the vocabulary version and each corpus's name and split identity.
    /// </summary>
    public string Identity(TokenVocabulary vocabulary)
    {
        if (!IsCatalog)
            return Corpora[0].Splits.Identity(vocabulary.Version);
        var text = new StringBuilder(vocabulary.Version);
        foreach (var corpus in Corpora)
            text.Append('\n').Append(corpus.Entry!.Name).Append(':').Append(corpus.Splits.Identity(vocabulary.Version));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>
    /// Every split's songs as recorded, framed as pieces (START [STYLE] ... END, the lead first within a step).
    /// Validation of a catalog keeps the first <see cref="ValidTokensPerCorpus"/> tokens' worth of songs of each corpus.
    /// </summary>
    public EncodedSplits Encode(TokenVocabulary vocabulary)
    {
        var valid = Corpora.SelectMany(c => IsCatalog ? FirstTokens(c.Encode(Split.Valid, vocabulary), ValidTokensPerCorpus) : c.Encode(Split.Valid, vocabulary));
        return new EncodedSplits(
            [.. Corpora.SelectMany(c => c.Encode(Split.Train, vocabulary))],
            [.. valid],
            [.. Corpora.SelectMany(c => c.Encode(Split.Test, vocabulary))],
            Identity(vocabulary));
    }

    /// <summary>One split's songs, corpus after corpus, framed as pieces opening with <paramref name="style"/> (none: no style token).</summary>
    public int[][] Encode(Split split, TokenVocabulary vocabulary, string? style) =>
        [.. Corpora.SelectMany(c => SplitCorpus.Encode(c.Splits[split], vocabulary, vocabulary.Styles.Count > 0 ? style : null))];

    private static IEnumerable<int[]> FirstTokens(int[][] songs, int tokens)
    {
        var kept = 0L;
        foreach (var song in songs)
        {
            if (kept >= tokens)
                yield break;
            kept += song.Length;
            yield return song;
        }
    }
}

/// <summary>One corpus, split: its catalog entry (none for a plain folder), where it lives, its songs by split.</summary>
public sealed record SplitCorpus(CorpusEntry? Entry, string Folder, CorpusSplits Splits)
{
    /// <summary>The style token its pieces open with: the catalog's style when the vocabulary has styles; none otherwise.</summary>
    public string? StyleIn(TokenVocabulary vocabulary) => Entry is not null && vocabulary.Styles.Count > 0 ? Entry.Style : null;

    /// <summary>A split's songs as recorded, framed as pieces with the lead first at every step.</summary>
    public int[][] Encode(Split split, TokenVocabulary vocabulary) =>
        Encode(Splits[split], vocabulary, StyleIn(vocabulary));

    /// <summary>Songs as recorded, framed as pieces: the part order is the lead first, the same every time they are scored.</summary>
    public static int[][] Encode(IReadOnlyList<Song> songs, TokenVocabulary vocabulary, string? style) =>
        songs.AsParallel().AsOrdered()
            .Select(s => PerformanceEncoder.EncodePiece(s.Notes, vocabulary, style, PartOrder.LeadFirst))
            .ToArray();
}

/// <summary>A corpus's pieces by split, and the identity of the split they came from.</summary>
public sealed record EncodedSplits(IReadOnlyList<int[]> Train, IReadOnlyList<int[]> Valid, IReadOnlyList<int[]> Test, string Identity)
{
    public IReadOnlyList<int[]> this[Split split] => split switch
    {
        Split.Train => Train,
        Split.Valid => Valid,
        _ => Test,
    };
}
