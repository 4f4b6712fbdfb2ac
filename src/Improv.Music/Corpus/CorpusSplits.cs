using System.Security.Cryptography;
using System.Text;
using Improv.Music.Tokens;

namespace Improv.Music.Corpus;

/// <summary>A corpus divided by <see cref="SongSplit"/>; augmentation is offered for the training part only.</summary>
public sealed class CorpusSplits
{
    private CorpusSplits(IReadOnlyList<Song> train, IReadOnlyList<Song> valid, IReadOnlyList<Song> test)
    {
        Train = train;
        Valid = valid;
        Test = test;
    }

    public IReadOnlyList<Song> Train { get; }
    public IReadOnlyList<Song> Valid { get; }
    public IReadOnlyList<Song> Test { get; }

    public IReadOnlyList<Song> this[Split split] => split switch
    {
        Split.Train => Train,
        Split.Valid => Valid,
        _ => Test,
    };

    public static CorpusSplits Of(IReadOnlyList<Song> songs)
    {
        var parts = songs.ToLookup(s => s.Split);
        return new CorpusSplits([.. parts[Split.Train]], [.. parts[Split.Valid]], [.. parts[Split.Test]]);
    }

    /// <summary>
    /// Names the split: a hash over the vocabulary version and each split's song ids. A checkpoint and a model's
    /// manifest record it, so an evaluation can tell whether its test songs are the ones the model never trained on.
    /// </summary>
    public string Identity(string? vocabularyVersion = null)
    {
        var text = new StringBuilder(vocabularyVersion ?? TokenVocabulary.PerformanceV1.Version);
        foreach (var split in Enum.GetValues<Split>())
        {
            text.Append('\n').Append(split).Append(':').AppendJoin(',', this[split].Select(s => s.Id).Order(StringComparer.Ordinal));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>One pass over the training songs, each freshly augmented; validation and test songs stay as recorded.</summary>
    public IEnumerable<Song> AugmentedTrain(Augmentation augmentation, Random random) =>
        Train.Select(song => song with { Notes = augmentation.Apply(song.Notes, random) });
}
