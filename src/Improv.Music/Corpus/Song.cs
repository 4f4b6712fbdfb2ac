using Improv.Music.Notes;

namespace Improv.Music.Corpus;

/// <summary>
/// One corpus piece, its notes marked lead or accompaniment. <see cref="Id"/> names it uniquely within its corpus: the
/// file name without extension in POP909, the path relative to the corpus folder elsewhere (ASAP repeats file names).
/// </summary>
public sealed record Song(string Id, IReadOnlyList<Note> Notes)
{
    /// <summary>The part of the corpus this song belongs to: by default the hash of its id (<see cref="SongSplit"/>).</summary>
    public Split Split { get; init; } = SongSplit.Of(Id);

    /// <summary>The time of every beat (quarter note), where the source knows it: the MIDI file's tempo map, the chorales' grid.</summary>
    public IReadOnlyList<double> Beats { get; init; } = [];
}
