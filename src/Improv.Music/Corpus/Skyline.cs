using Improv.Music.Notes;

namespace Improv.Music.Corpus;

/// <summary>
/// Splits a solo piano performance into lead and accompaniment by the skyline rule: the highest note of each onset
/// (notes struck within <see cref="ChordSeconds"/> of the onset's first note) is the lead, unless a lead note still
/// sounding lies above it, which keeps a held melody note from being taken over by a lower inner voice. Every other
/// note is accompaniment. A known, simple melody extraction (Uitdenbogerd and Zobel's skyline), here with the held-note
/// exception so a sustained melody under moving inner voices stays one line.
/// </summary>
public static class Skyline
{
    /// <summary>Notes struck this close together count as one onset (a played chord is rarely exactly together).</summary>
    public const double ChordSeconds = 0.03;

    public static Note[] Split(IReadOnlyList<Note> notes)
    {
        var ordered = notes.OrderBy(n => n.Start).ThenByDescending(n => n.Pitch).ToArray();
        var result = new Note[ordered.Length];
        var lastLeadIndex = -1;
        var i = 0;
        while (i < ordered.Length)
        {
            var onset = ordered[i].Start;
            var end = i;
            while (end < ordered.Length && ordered[end].Start - onset <= ChordSeconds)
                end++;
            var top = i;
            for (var k = i + 1; k < end; k++)
            {
                if (ordered[k].Pitch > ordered[top].Pitch)
                    top = k;
            }
            var heldAbove = lastLeadIndex >= 0 && result[lastLeadIndex].End > onset + ChordSeconds && result[lastLeadIndex].Pitch > ordered[top].Pitch;
            for (var k = i; k < end; k++)
                result[k] = ordered[k] with { Part = k == top && !heldAbove ? Part.Lead : Part.Accompaniment };
            if (!heldAbove)
                lastLeadIndex = top;
            i = end;
        }
        Array.Sort(result, NoteOrder.Compare);
        return result;
    }
}
