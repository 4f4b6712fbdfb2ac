using Improv.Music.Notes;
using MathNet.Numerics.Statistics;

namespace Improv.Music.Statistics;

/// <summary>The per-sequence features of Yang and Lerch (2018, mgeval), in seconds where time is involved.</summary>
public enum StyleFeature
{
    /// <summary>Number of distinct MIDI pitches used.</summary>
    PitchCount,

    /// <summary>The 12-bin pitch-class histogram (note counts, summing to 1).</summary>
    PitchClassHistogram,

    /// <summary>Highest minus lowest pitch, in semitones.</summary>
    PitchRange,

    /// <summary>Mean absolute interval between consecutive notes in onset order, in semitones.</summary>
    MeanPitchInterval,

    /// <summary>Mean time between consecutive onsets (chord notes give 0), in seconds.</summary>
    MeanInterOnsetInterval,

    /// <summary>Mean note duration, in seconds.</summary>
    MeanNoteLength,

    /// <summary>Mean MIDI velocity.</summary>
    MeanVelocity,
}

/// <summary>Computes a <see cref="StyleFeature"/> of one note sequence as a vector (length 12 for the histogram, else 1).</summary>
public static class StyleFeatures
{
    /// <summary>Every feature, in the order reports list them.</summary>
    public static IReadOnlyList<StyleFeature> All { get; } = Enum.GetValues<StyleFeature>();

    /// <summary>The feature's value; needs at least 2 notes, since intervals of fewer are undefined.</summary>
    public static double[] Of(StyleFeature feature, IReadOnlyCollection<Note> notes)
    {
        if (notes.Count < 2)
        {
            throw new ArgumentException($"{feature} needs a sequence of at least 2 notes, got {notes.Count}", nameof(notes));
        }

        var inOnsetOrder = notes.OrderBy(note => note.Start).ThenBy(note => note.Pitch).ToArray();
        return feature switch
        {
            StyleFeature.PitchCount => [notes.Select(note => note.Pitch).Distinct().Count()],
            StyleFeature.PitchClassHistogram => PitchClasses.Histogram(notes),
            StyleFeature.PitchRange => [notes.Max(note => note.Pitch) - notes.Min(note => note.Pitch)],
            StyleFeature.MeanPitchInterval => [Consecutive(inOnsetOrder, (a, b) => Math.Abs(b.Pitch - a.Pitch)).Mean()],
            StyleFeature.MeanInterOnsetInterval => [Consecutive(inOnsetOrder, (a, b) => b.Start - a.Start).Mean()],
            StyleFeature.MeanNoteLength => [notes.Select(note => note.Duration).Mean()],
            StyleFeature.MeanVelocity => [notes.Select(note => (double)note.Velocity).Mean()],
            _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, "not a style feature"),
        };
    }

    private static IEnumerable<double> Consecutive(Note[] notes, Func<Note, Note, double> measure) =>
        notes.Zip(notes.Skip(1), measure);
}
