namespace Improv.Music.Notes;

/// <summary>
/// One sounding note: MIDI pitch 0-127, velocity 1-127, start and end in seconds from the start of the piece, and the
/// part that plays it (lead unless a corpus or a player says otherwise).
/// </summary>
public readonly record struct Note(int Pitch, int Velocity, double Start, double End, Part Part = Part.Lead)
{
    /// <summary>How long the note sounds, in seconds.</summary>
    public double Duration => End - Start;
}
