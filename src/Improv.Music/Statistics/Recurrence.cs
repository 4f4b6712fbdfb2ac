using Improv.Music.Notes;

namespace Improv.Music.Statistics;

/// <summary>
/// Recurrence quantification (Marwan et al. 2007) of a performance cut into fixed windows: <see cref="RecurrenceRate"/> is
/// the share of window pairs whose pitch-class content matches, <see cref="Determinism"/> the share of those matches that
/// lie on diagonal lines (a passage of consecutive windows that comes back), <see cref="RecurringWindows"/> the share of
/// windows that match some other window.
/// </summary>
public readonly record struct Recurrence(int Windows, double RecurrenceRate, double Determinism, double RecurringWindows)
{
    /// <summary>
    /// Cuts the notes into <paramref name="windowSeconds"/> windows from the first onset, describes each by its
    /// duration-weighted pitch-class vector, and calls two windows at least <paramref name="theilerWindows"/> apart
    /// recurrent when their cosine similarity reaches <paramref name="similarity"/>. Diagonal lines count from
    /// <paramref name="minLine"/> windows. Silent windows recur with nothing.
    /// </summary>
    public static Recurrence Of(IReadOnlyCollection<Note> notes, double windowSeconds = 2, double similarity = 0.95, int theilerWindows = 2, int minLine = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(theilerWindows);
        ArgumentOutOfRangeException.ThrowIfLessThan(minLine, 2);
        var chroma = WindowChroma(notes, windowSeconds);
        var n = chroma.Length;
        var recurrent = new bool[n, n];
        var points = 0;
        var pairs = 0;
        var recurringWindows = 0;
        for (var i = 0; i < n; i++)
        {
            var recurs = false;
            for (var j = 0; j < n; j++)
            {
                if (Math.Abs(i - j) < theilerWindows)
                {
                    continue;
                }

                pairs++;
                if (Cosine(chroma[i], chroma[j]) >= similarity)
                {
                    recurrent[i, j] = true;
                    points++;
                    recurs = true;
                }
            }

            recurringWindows += recurs ? 1 : 0;
        }

        return new Recurrence(
            n,
            pairs == 0 ? 0 : (double)points / pairs,
            points == 0 ? 0 : (double)PointsOnLines(recurrent, minLine) / points,
            n == 0 ? 0 : (double)recurringWindows / n);
    }

    private static double[][] WindowChroma(IReadOnlyCollection<Note> notes, double windowSeconds)
    {
        if (notes.Count == 0)
        {
            return [];
        }

        var origin = notes.Min(note => note.Start);
        var count = (int)Math.Ceiling((notes.Max(note => note.End) - origin) / windowSeconds);
        var chroma = new double[count][];
        for (var w = 0; w < count; w++)
        {
            chroma[w] = new double[PitchClasses.Count];
        }

        foreach (var note in notes)
        {
            var first = (int)((note.Start - origin) / windowSeconds);
            for (var w = first; w < count && origin + w * windowSeconds < note.End; w++)
            {
                var from = Math.Max(note.Start, origin + w * windowSeconds);
                var to = Math.Min(note.End, origin + (w + 1) * windowSeconds);
                chroma[w][note.Pitch % PitchClasses.Count] += Math.Max(0, to - from);
            }
        }

        return chroma;
    }

    private static double Cosine(double[] a, double[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var k = 0; k < a.Length; k++)
        {
            dot += a[k] * b[k];
            aa += a[k] * a[k];
            bb += b[k] * b[k];
        }

        return aa == 0 || bb == 0 ? 0 : dot / Math.Sqrt(aa * bb);
    }

    private static int PointsOnLines(bool[,] recurrent, int minLine)
    {
        var n = recurrent.GetLength(0);
        var onLines = 0;
        for (var offset = -(n - 1); offset <= n - 1; offset++)
        {
            var run = 0;
            for (var i = Math.Max(0, -offset); i <= n && i + offset <= n; i++)
            {
                if (i < n && i + offset < n && recurrent[i, i + offset])
                {
                    run++;
                    continue;
                }

                onLines += run >= minLine ? run : 0;
                run = 0;
            }
        }

        return onLines;
    }
}
