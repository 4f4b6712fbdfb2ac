using Improv.Music.Notes;

namespace Improv.Music.Corpus;

/// <summary>One corpus piece as a single piano performance; <see cref="Id"/> is its file name without extension.</summary>
public sealed record Song(string Id, IReadOnlyList<Note> Notes)
{
    /// <summary>The part of the corpus this song belongs to.</summary>
    public Split Split => SongSplit.Of(Id);
}
