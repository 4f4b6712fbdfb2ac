namespace Improv.Music.Notes;

/// <summary>The canonical order of a note list: by start, then pitch, then end, then velocity.</summary>
public static class NoteOrder
{
    public static int Compare(Note a, Note b)
    {
        var order = a.Start.CompareTo(b.Start);
        if (order == 0)
            order = a.Pitch.CompareTo(b.Pitch);
        if (order == 0)
            order = a.End.CompareTo(b.End);
        return order != 0 ? order : a.Velocity.CompareTo(b.Velocity);
    }
}
