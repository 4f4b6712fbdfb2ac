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

    /// <summary>One pass over the training songs, each freshly augmented; validation and test songs stay as recorded.</summary>
    public IEnumerable<Song> AugmentedTrain(Augmentation augmentation, Random random) =>
        Train.Select(song => song with { Notes = augmentation.Apply(song.Notes, random) });
}
