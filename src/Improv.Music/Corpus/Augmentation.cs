using Improv.Music.Notes;

namespace Improv.Music.Corpus;

/// <summary>
/// Training-time variation of a song: a random transposition of up to +-<see cref="MaxTransposeSemitones"/> semitones
/// that keeps every note on the piano, and a random tempo stretch of up to +-<see cref="MaxTempoStretch"/>.
/// Reach it through <see cref="CorpusSplits.AugmentedTrain"/>, which never touches validation or test songs.
/// </summary>
public sealed record Augmentation(int MaxTransposeSemitones = 5, double MaxTempoStretch = 0.05)
{
    /// <summary>Leaves songs as they are.</summary>
    public static Augmentation None { get; } = new(0, 0);

    public IReadOnlyList<Note> Apply(IReadOnlyList<Note> notes, Random random)
    {
        if (notes.Count == 0)
            return notes;
        var lowest = notes.Min(n => n.Pitch);
        var highest = notes.Max(n => n.Pitch);
        var down = Math.Max(-MaxTransposeSemitones, PianoRange.Lowest - lowest);
        var up = Math.Min(MaxTransposeSemitones, PianoRange.Highest - highest);
        var shift = down <= up ? random.Next(down, up + 1) : 0;
        var stretch = 1 + (2 * random.NextDouble() - 1) * MaxTempoStretch;
        // A song already wider than the piano cannot be shifted inside it: its off-piano notes are dropped.
        return notes
            .Where(n => PianoRange.Contains(n.Pitch + shift))
            .Select(n => n with { Pitch = n.Pitch + shift, Start = n.Start * stretch, End = n.End * stretch })
            .ToArray();
    }
}
