namespace Improv.Host.Recording;

/// <summary>Who played a recorded note: the two tracks of a session's MIDI file.</summary>
public enum RecordedPart : byte
{
    Player,
    Improv,
}
