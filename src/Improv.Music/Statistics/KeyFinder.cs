using Improv.Music.Notes;
using MathNet.Numerics.Statistics;

namespace Improv.Music.Statistics;

/// <summary>
/// Krumhansl-Schmuckler key finding: correlate the duration-weighted pitch-class distribution with the
/// Krumhansl-Kessler (1982) probe-tone profiles rotated to all 24 major and minor keys; the best fit wins.
/// </summary>
public static class KeyFinder
{
    private static readonly double[] MajorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
    private static readonly double[] MinorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    /// <summary>The best-fitting key, or null when no note has a duration (nothing to correlate).</summary>
    public static Key? Estimate(IEnumerable<Note> notes)
    {
        var histogram = PitchClasses.Histogram(notes, PitchClassWeighting.Duration);
        if (histogram.Sum() == 0 || histogram.Distinct().Count() == 1)
        {
            return null;
        }

        Key? best = null;
        var rotated = new double[PitchClasses.Count];
        foreach (var (mode, profile) in new[] { (KeyMode.Major, MajorProfile), (KeyMode.Minor, MinorProfile) })
        {
            for (var tonic = 0; tonic < PitchClasses.Count; tonic++)
            {
                for (var pc = 0; pc < PitchClasses.Count; pc++)
                {
                    rotated[pc] = profile[(pc - tonic + PitchClasses.Count) % PitchClasses.Count];
                }

                var r = Correlation.Pearson(histogram, rotated);
                if (best is null || r > best.Value.Correlation)
                {
                    best = new Key(tonic, mode, r);
                }
            }
        }

        return best;
    }
}
