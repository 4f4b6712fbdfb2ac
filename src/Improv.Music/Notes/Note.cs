namespace Improv.Music.Notes;

/// <summary>One sounding note: MIDI pitch 0-127, velocity 1-127, start and end in seconds from the start of the piece.</summary>
public readonly record struct Note(int Pitch, int Velocity, double Start, double End)
{
    /// <summary>How long the note sounds, in seconds.</summary>
    public double Duration => End - Start;
}
