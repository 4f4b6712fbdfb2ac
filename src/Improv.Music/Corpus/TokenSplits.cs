using Improv.Music.Tokens;

namespace Improv.Music.Corpus;

/// <summary>The tokenised corpus, one list per <see cref="Split"/>, each in song id order.</summary>
public sealed record TokenSplits(
    IReadOnlyList<TokenizedSong> Train,
    IReadOnlyList<TokenizedSong> Valid,
    IReadOnlyList<TokenizedSong> Test)
{
    public IReadOnlyList<TokenizedSong> this[Split split] => split switch
    {
        Split.Train => Train,
        Split.Valid => Valid,
        _ => Test,
    };

    /// <summary>Encodes every song (in parallel) and files it under its split.</summary>
    public static TokenSplits Tokenize(IReadOnlyList<Song> songs)
    {
        var encoded = songs
            .AsParallel()
            .AsOrdered()
            .Select(s => (s.Split, Song: new TokenizedSong(s.Id, PerformanceEncoder.Encode(s.Notes))))
            .ToList()
            .ToLookup(e => e.Split, e => e.Song);
        return new TokenSplits([.. encoded[Split.Train]], [.. encoded[Split.Valid]], [.. encoded[Split.Test]]);
    }
}
