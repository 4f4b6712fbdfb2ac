namespace Improv.Music.Notes;

/// <summary>The 88 keys of a piano: MIDI pitches A0 (21) to C8 (108).</summary>
public static class PianoRange
{
    public const int Lowest = 21;
    public const int Highest = 108;

    public static bool Contains(int pitch) => pitch is >= Lowest and <= Highest;
}
