using Improv.Music.Notes;

namespace Improv.Host.Improvisation;

/// <summary>
/// Hears which part a call plays from how it is played: a call most of whose notes are struck as chords (within
/// <see cref="ChordSpreadSeconds"/> of another strike, or with two or more other keys down) is an accompaniment; else it
/// is a lead line. A broken chord (Alberti bass, arpeggios) reads as a lead: the rule hears simultaneity, not harmony.
/// Allocation-free.
/// </summary>
public sealed class CallListener
{
    /// <summary>Strikes this close together are one chord: a pianist's chords spread over 10 to 40 ms.</summary>
    public const double ChordSpreadSeconds = 0.05;

    private int notes;
    private int chordNotes;
    private double lastStrikeSeconds = double.NegativeInfinity;

    /// <summary>The part the call so far reads as: the lead until chords are half its notes.</summary>
    public Part Part => notes > 0 && chordNotes * 2 >= notes ? Part.Accompaniment : Part.Lead;

    /// <summary>A key struck at <paramref name="seconds"/> with <paramref name="othersHeld"/> other keys down; returns the call's part now.</summary>
    public Part Strike(double seconds, int othersHeld)
    {
        notes++;
        if (othersHeld >= 2 || seconds - lastStrikeSeconds <= ChordSpreadSeconds)
        {
            chordNotes++;
        }

        lastStrikeSeconds = seconds;
        return Part;
    }

    /// <summary>The part a whole call of <paramref name="notes"/> reads as, heard note by note as live (offline: `improv generate`).</summary>
    public static Part PartOf(IReadOnlyList<Note> notes)
    {
        var call = new CallListener();
        var ordered = notes.OrderBy(n => n.Start).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            call.Strike(ordered[i].Start, ordered.Take(i).Count(n => n.End > ordered[i].Start));
        }

        return call.Part;
    }

    /// <summary>A new call begins.</summary>
    public void Reset()
    {
        notes = 0;
        chordNotes = 0;
        lastStrikeSeconds = double.NegativeInfinity;
    }
}
