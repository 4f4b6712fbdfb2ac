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
    public static TrainingData Load(string directory, TrainingConfig config, TextWriter warnings)
    {
        if (CorpusCatalog.IsCatalog(directory) && config.EpochTokens <= 0)
            throw new ArgumentException($"{directory}: a catalog of corpora trains by weight: set epochTokens (e.g. --epoch-tokens 4000000)");
        var corpus = CorpusSet.Load(directory, warnings);
        corpus.Require(Enum.GetValues<Split>());
        var pieces = corpus.Encode(config.TokenVocabulary);
        return corpus.IsCatalog ? LoadCatalog(corpus, pieces, config) : LoadFolder(corpus.Corpora[0], pieces, config);
    }

    private static TrainingData LoadFolder(SplitCorpus corpus, EncodedSplits pieces, TrainingConfig config)
    {
        var vocabulary = config.TokenVocabulary;
        var augmentation = new Augmentation(config.MaxTransposeSemitones, config.MaxTempoStretch);
        IReadOnlyList<int[]> Augmented(int epoch) => corpus.Splits.Train
            .Select((song, index) => (song, index))
            .AsParallel()
            .AsOrdered()
            .Select(s => PerformanceEncoder.EncodePiece(
                augmentation.Apply(s.song.Notes, new Random(Seeds.Of(config.Seed, 3, (long)epoch << 20 | (uint)s.index))), vocabulary))
            .ToArray();

        return new TrainingData(Augmented, pieces.Train, pieces.Valid, pieces.Test, pieces.Identity) { Vocabulary = vocabulary };
    }

    /// <summary>
    /// Every trained corpus of the catalog. An epoch draws training pieces from each corpus at random, with
    /// replacement, until it has its weight's share of <see cref="TrainingConfig.EpochTokens"/>; each drawn piece is
    /// augmented afresh, opens with its corpus's style (STYLE_ANY for <see cref="TrainingConfig.StyleAnyFraction"/> of
    /// pieces), and draws which part goes first at each step. Validation keeps the first
    /// <see cref="CorpusSet.ValidTokensPerCorpus"/> tokens' worth of songs of each corpus; test keeps all.
    /// </summary>
    private static TrainingData LoadCatalog(CorpusSet corpus, EncodedSplits pieces, TrainingConfig config)
    {
        var vocabulary = config.TokenVocabulary;
        var corpora = corpus.Corpora.Select(c => (Entry: c.Entry!, c.Splits)).ToArray();
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

        return new TrainingData(Drawn, pieces.Train, pieces.Valid, pieces.Test, pieces.Identity) { Vocabulary = vocabulary };
    }

    /// <summary>The style token a vocabulary can carry: none in v1.</summary>
    private static string? StyleOf(TokenVocabulary vocabulary, string style) => vocabulary.Styles.Count > 0 ? style : null;
}
