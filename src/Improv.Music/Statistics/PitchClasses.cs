using Improv.Music.Notes;

namespace Improv.Music.Statistics;

/// <summary>How each note counts towards a pitch-class histogram.</summary>
public enum PitchClassWeighting
{
    /// <summary>Every note counts once (MusPy's pitch-class entropy, mgeval's histogram).</summary>
    Count,

    /// <summary>Every note counts its duration in seconds (Krumhansl-Schmuckler key finding).</summary>
    Duration,
}

/// <summary>Pitch-class statistics of notes: the histogram, its entropy, and the share of notes a scale holds.</summary>
public static class PitchClasses
{
    public const int Count = 12;

    /// <summary>The pitch-class distribution (index 0 = C), summing to 1; all zeros when nothing sounds.</summary>
    public static double[] Histogram(IEnumerable<Note> notes, PitchClassWeighting weighting = PitchClassWeighting.Count)
    {
        var histogram = new double[Count];
        foreach (var note in notes)
        {
            histogram[note.Pitch % Count] += weighting == PitchClassWeighting.Count ? 1 : Math.Max(0, note.Duration);
        }

        var total = histogram.Sum();
        if (total > 0)
        {
            for (var pc = 0; pc < Count; pc++)
            {
                histogram[pc] /= total;
            }
        }

        return histogram;
    }

    /// <summary>Shannon entropy in bits of a histogram (normalised here; empty bins add nothing): log2 12 when uniform, 0 for one class.</summary>
    public static double EntropyBits(ReadOnlySpan<double> histogram)
    {
        var total = 0.0;
        foreach (var weight in histogram)
        {
            total += weight;
        }

        var entropy = 0.0;
        foreach (var weight in histogram)
        {
            if (weight > 0)
            {
                var p = weight / total;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    /// <summary>
    /// The share of notes whose pitch class is in <paramref name="pitchClassMask"/> (bit c set = pitch class c allowed,
    /// bit 0 = C; C major is 0b1010_1011_0101); 0 when there are no notes.
    /// </summary>
    public static double InScaleRatio(IEnumerable<Note> notes, int pitchClassMask)
    {
        int inside = 0, total = 0;
        foreach (var note in notes)
        {
            total++;
            if ((pitchClassMask & (1 << (note.Pitch % Count))) != 0)
            {
                inside++;
            }
        }

        return total == 0 ? 0 : (double)inside / total;
    }
}
