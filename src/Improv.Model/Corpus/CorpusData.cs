using System.Security.Cryptography;
using System.Text;
using Improv.Model.Training;
using Improv.Music.Corpus;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Model.Corpus;

/// <summary>
/// A corpus folder, or a data folder with a catalog (data/corpora.json), as the token songs a run needs: each song
/// framed START [STYLE] ... END, training songs freshly augmented every epoch (transposition, tempo stretch) from a
/// seed of (run seed, epoch, song), validation and test songs as recorded.
/// </summary>
public static class CorpusData
{
    /// <summary>Validation tokens kept per corpus of a catalog: an epoch's validation stays minutes, not an hour, on 2 cores.</summary>
    public const int ValidTokensPerCorpus = 150_000;

    public static TrainingData Load(string directory, TrainingConfig config, TextWriter warnings) =>
        CorpusCatalog.IsCatalog(directory)
            ? LoadCatalog(CorpusCatalog.Read(directory), config, warnings)
            : LoadFolder(directory, config, warnings);

    private static TrainingData LoadFolder(string directory, TrainingConfig config, TextWriter warnings)
    {
        var vocabulary = config.TokenVocabulary;
        var splits = CorpusSplits.Of(CorpusLoader.Load(directory, warnings));
        RequireEverySplit(splits, directory);
        var augmentation = new Augmentation(config.MaxTransposeSemitones, config.MaxTempoStretch);
        IReadOnlyList<int[]> Augmented(int epoch) => splits.Train
            .Select((song, index) => (song, index))
            .AsParallel()
            .AsOrdered()
            .Select(s => PerformanceEncoder.EncodePiece(
                augmentation.Apply(s.song.Notes, new Random(Seeds.Of(config.Seed, 3, (long)epoch << 20 | (uint)s.index))), vocabulary))
            .ToArray();

        return new TrainingData(Augmented, Encode(splits.Train, vocabulary, null), Encode(splits.Valid, vocabulary, null),
            Encode(splits.Test, vocabulary, null), splits.Identity(vocabulary.Version)) { Vocabulary = vocabulary };
    }

    /// <summary>
    /// Every trained corpus of the catalog. An epoch draws training pieces from each corpus at random, with
    /// replacement, until it has its weight's share of <see cref="TrainingConfig.EpochTokens"/>; each drawn piece is
    /// augmented afresh, opens with its corpus's style (STYLE_ANY for <see cref="TrainingConfig.StyleAnyFraction"/> of
    /// pieces), and draws which part goes first at each step. Validation keeps the first
    /// <see cref="ValidTokensPerCorpus"/> tokens' worth of songs of each corpus; test keeps all.
    /// </summary>
    private static TrainingData LoadCatalog(CorpusCatalog catalog, TrainingConfig config, TextWriter warnings)
    {
        var vocabulary = config.TokenVocabulary;
        if (config.EpochTokens <= 0)
            throw new ArgumentException($"{catalog.Root}: a catalog of corpora trains by weight: set epochTokens (e.g. --epoch-tokens 4000000)");
        var corpora = catalog.Trained
            .Select(entry =>
            {
                var splits = CorpusSplits.Of(catalog.Load(entry, warnings));
                RequireEverySplit(splits, Path.Combine(catalog.Root, entry.Folder));
                return (Entry: entry, Splits: splits);
            })
            .ToArray();
        var totalWeight = corpora.Sum(c => c.Entry.Weight);
        var augmentation = new Augmentation(config.MaxTransposeSemitones, config.MaxTempoStretch);

        IReadOnlyList<int[]> Drawn(int epoch)
        {
            var pieces = new List<int[]>();
            for (var c = 0; c < corpora.Length; c++)
            {
                var (entry, splits) = corpora[c];
                var budget = (long)(config.EpochTokens * entry.Weight / totalWeight);
                var random = new Random(Seeds.Of(config.Seed, 4, (long)epoch << 8 | (uint)c));
                var draws = 0L;
                for (long tokens = 0; tokens < budget;)
                {
                    // Drawn in small parallel batches: the budget is met within one batch's worth of pieces.
                    var batch = Enumerable.Range(0, 16).Select(_ => (Index: random.Next(splits.Train.Count), Draw: draws++)).ToArray();
                    var encoded = batch.AsParallel().AsOrdered().Select(d =>
                    {
                        var seed = Seeds.Of(config.Seed, 5, (long)epoch << 40 | (long)c << 32 | d.Draw);
                        var pieceRandom = new Random(seed);
                        var style = pieceRandom.NextDouble() < config.StyleAnyFraction ? Style.Any : entry.Style;
                        var notes = augmentation.Apply(splits.Train[d.Index].Notes, pieceRandom);
                        return PerformanceEncoder.EncodePiece(notes, vocabulary, StyleOf(vocabulary, style), PartOrder.Random((ulong)seed));
                    }).ToArray();
                    foreach (var piece in encoded)
                    {
                        if (tokens >= budget)
                            break;
                        pieces.Add(piece);
                        tokens += piece.Length;
                    }
                }
            }
            return pieces;
        }

        var valid = corpora.SelectMany(c => FirstTokens(Encode(c.Splits.Valid, vocabulary, c.Entry.Style), ValidTokensPerCorpus)).ToArray();
        var train = corpora.SelectMany(c => Encode(c.Splits.Train, vocabulary, c.Entry.Style)).ToArray();
        var test = corpora.SelectMany(c => Encode(c.Splits.Test, vocabulary, c.Entry.Style)).ToArray();
        return new TrainingData(Drawn, train, valid, test, Identity(vocabulary, corpora)) { Vocabulary = vocabulary };
    }

    /// <summary>The style token a vocabulary can carry: none in v1.</summary>
    private static string? StyleOf(TokenVocabulary vocabulary, string style) => vocabulary.Styles.Count > 0 ? style : null;

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

    private static string Identity(TokenVocabulary vocabulary, IEnumerable<(CorpusEntry Entry, CorpusSplits Splits)> corpora)
    {
        var text = new StringBuilder(vocabulary.Version);
        foreach (var (entry, splits) in corpora)
            text.Append('\n').Append(entry.Name).Append(':').Append(splits.Identity(vocabulary.Version));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static void RequireEverySplit(CorpusSplits splits, string directory)
    {
        foreach (var split in Enum.GetValues<Split>())
        {
            if (splits[split].Count == 0)
                throw new InvalidDataException($"{directory}: no {split} songs; a corpus needs songs in every split");
        }
    }

    /// <summary>Songs as recorded, framed as pieces: the part order is the lead first, the same every time they are scored.</summary>
    private static int[][] Encode(IReadOnlyList<Song> songs, TokenVocabulary vocabulary, string? style) =>
        songs.AsParallel().AsOrdered()
            .Select(s => PerformanceEncoder.EncodePiece(s.Notes, vocabulary, style is null ? null : StyleOf(vocabulary, style), PartOrder.LeadFirst))
            .ToArray();
}
