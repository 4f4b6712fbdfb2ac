using Improv.Music.Notes;
using Improv.Music.Theory;

namespace Improv.Music.Statistics;

/// <summary>
/// How well an accompaniment fits the lead it plays under: harmony (<see cref="NoteInChordRatio"/>) and timing
/// (<see cref="OnsetAlignment"/>). The same two numbers are taken for the real accompaniment, for another piece's
/// accompaniment, and for the model's, so the model's sit between a floor and a ceiling.
/// </summary>
public static class AccompanimentFit
{
    /// <summary>
    /// The share of the lead's note time during which the lead's pitch class sounds in the accompaniment, or makes a
    /// third, fifth, sixth or octave with the accompaniment's lowest sounding note. Time when the accompaniment is
    /// silent counts as not fitting. NaN when the lead has no note time.
    /// </summary>
    public static double NoteInChordRatio(IReadOnlyList<Note> lead, IReadOnlyList<Note> accompaniment)
    {
        // One sweep over every start and end: between two consecutive boundaries nothing starts or stops.
        var boundaries = lead.SelectMany(n => new[] { n.Start, n.End })
            .Concat(accompaniment.SelectMany(n => new[] { n.Start, n.End }))
            .Distinct().Order().ToArray();
        var byStart = accompaniment.OrderBy(n => n.Start).ToArray();
        var leadByStart = lead.OrderBy(n => n.Start).ToArray();
        var sounding = new List<Note>();
        var leading = new List<Note>();
        int nextAccompaniment = 0, nextLead = 0;
        double fitting = 0, total = 0;
        for (var i = 0; i + 1 < boundaries.Length; i++)
        {
            var (from, to) = (boundaries[i], boundaries[i + 1]);
            while (nextAccompaniment < byStart.Length && byStart[nextAccompaniment].Start <= from)
                sounding.Add(byStart[nextAccompaniment++]);
            while (nextLead < leadByStart.Length && leadByStart[nextLead].Start <= from)
                leading.Add(leadByStart[nextLead++]);
            sounding.RemoveAll(n => n.End <= from);
            leading.RemoveAll(n => n.End <= from);
            var lowest = sounding.Count == 0 ? -1 : sounding.Min(n => n.Pitch);
            foreach (var note in leading)
            {
                total += to - from;
                if (lowest >= 0 && (Consonance.Above(note.Pitch - lowest) || sounding.Any(a => a.Pitch % 12 == note.Pitch % 12)))
                    fitting += to - from;
            }
        }

        return total > 0 ? fitting / total : double.NaN;
    }

    /// <summary>
    /// The share of the accompaniment's onsets within <paramref name="toleranceSeconds"/> of a lead onset or of a beat.
    /// NaN when the accompaniment has no note.
    /// </summary>
    public static double OnsetAlignment(IReadOnlyList<Note> lead, IReadOnlyList<Note> accompaniment, IReadOnlyList<double> beats,
        double toleranceSeconds = 0.03)
    {
        if (accompaniment.Count == 0)
            return double.NaN;
        var anchors = lead.Select(n => n.Start).Concat(beats).Order().ToArray();
        var aligned = accompaniment.Count(note =>
        {
            var at = Array.BinarySearch(anchors, note.Start);
            if (at >= 0)
                return true;
            at = ~at;
            return (at < anchors.Length && anchors[at] - note.Start <= toleranceSeconds)
                || (at > 0 && note.Start - anchors[at - 1] <= toleranceSeconds);
        });
        return aligned / (double)accompaniment.Count;
    }

    /// <summary>
    /// The share of the lead's span (its first onset to its last release) during which at least one accompaniment note
    /// sounds: whether an accompanist plays all along. NaN when the lead has no span.
    /// </summary>
    public static double SoundingShare(IReadOnlyList<Note> lead, IReadOnlyList<Note> accompaniment)
    {
        if (lead.Count == 0)
            return double.NaN;
        var (from, to) = (lead.Min(n => n.Start), lead.Max(n => n.End));
        if (to <= from)
            return double.NaN;
        double covered = 0, reached = from;
        foreach (var note in accompaniment.OrderBy(n => n.Start))
        {
            var (start, end) = (Math.Max(note.Start, reached), Math.Min(note.End, to));
            if (end > start)
            {
                covered += end - start;
                reached = end;
            }
        }

        return covered / (to - from);
    }
}
