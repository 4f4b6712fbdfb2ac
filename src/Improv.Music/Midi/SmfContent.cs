namespace Improv.Music.Midi;

/// <summary>What Improv keeps of a Standard MIDI File: its tracks' note and pedal messages and its tempo map.</summary>
internal sealed record SmfContent(int Format, int Division, IReadOnlyList<SmfTrack> Tracks, IReadOnlyList<TempoChange> Tempos);

/// <summary>One track chunk: its name (meta event 0x03), the messages that make notes, and the tick where it ends.</summary>
internal sealed record SmfTrack(string Name, List<ChannelMessage> Messages, long EndTick);

/// <summary>A note-on, note-off or sustain-pedal message at an absolute tick.</summary>
internal readonly record struct ChannelMessage(long Tick, byte Kind, byte Channel, byte Data1, byte Data2)
{
    public const byte NoteOff = 0x80;
    public const byte NoteOn = 0x90;
    public const byte ControlChange = 0xB0;
    public const byte SustainPedal = 64;
}

/// <summary>A set-tempo meta event: from <see cref="Tick"/> on, a quarter note lasts this many microseconds.</summary>
internal readonly record struct TempoChange(long Tick, int MicrosecondsPerQuarter);
