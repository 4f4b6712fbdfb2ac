namespace Improv.Host.Midi.Input;

/// <summary>The kinds of live MIDI events Improv acts on.</summary>
public enum LiveEventKind : byte
{
    NoteOff,
    NoteOn,
    ControlChange,
    PitchBend,
    Clock,
    Start,
    Continue,
    Stop,
    SongPosition,
}

/// <summary>
/// One live MIDI event, played or to be played. Time is in Stopwatch ticks: when it was received
/// (input) or when it is due (output). Value holds pitch bend (-8192..8191) or song position (16ths).
/// </summary>
public readonly record struct LiveEvent(LiveEventKind Kind, byte Channel, byte Data1, byte Data2, short Value, long Time)
{
    public byte Key => Data1;

    public byte Velocity => Data2;

    public byte Controller => Data1;

    public static LiveEvent NoteOn(byte channel, byte key, byte velocity, long time) => new(LiveEventKind.NoteOn, channel, key, velocity, 0, time);

    public static LiveEvent NoteOff(byte channel, byte key, long time) => new(LiveEventKind.NoteOff, channel, key, 0, 0, time);

    public static LiveEvent ControlChange(byte channel, byte controller, byte value, long time) =>
        new(LiveEventKind.ControlChange, channel, controller, value, 0, time);

    /// <summary>True for events that carry a channel.</summary>
    public bool IsChannelMessage => Kind <= LiveEventKind.PitchBend;

    /// <summary>Writes the MIDI bytes of this event; returns how many (at most 3).</summary>
    public int Encode(Span<byte> bytes)
    {
        switch (Kind)
        {
            case LiveEventKind.NoteOff:
                return Write(bytes, (byte)(0x80 | Channel), Data1, Data2);
            case LiveEventKind.NoteOn:
                return Write(bytes, (byte)(0x90 | Channel), Data1, Data2);
            case LiveEventKind.ControlChange:
                return Write(bytes, (byte)(0xB0 | Channel), Data1, Data2);
            case LiveEventKind.PitchBend:
                var bend = Value + 8192;
                return Write(bytes, (byte)(0xE0 | Channel), (byte)(bend & 0x7F), (byte)(bend >> 7));
            case LiveEventKind.SongPosition:
                return Write(bytes, 0xF2, (byte)(Value & 0x7F), (byte)(Value >> 7));
            default:
                bytes[0] = Kind switch
                {
                    LiveEventKind.Clock => 0xF8,
                    LiveEventKind.Start => 0xFA,
                    LiveEventKind.Continue => 0xFB,
                    _ => 0xFC,
                };
                return 1;
        }
    }

    private static int Write(Span<byte> bytes, byte status, byte data1, byte data2)
    {
        bytes[2] = data2;
        bytes[1] = data1;
        bytes[0] = status;
        return 3;
    }

    /// <summary>Reads like aseqdump: channel numbers from 0, pitch bend centred on 0.</summary>
    public override string ToString() => Kind switch
    {
        LiveEventKind.NoteOn => $"Note on          {Channel,2}, note {Key}, velocity {Velocity}",
        LiveEventKind.NoteOff => $"Note off         {Channel,2}, note {Key}, velocity {Velocity}",
        LiveEventKind.ControlChange => $"Control change   {Channel,2}, controller {Controller}, value {Data2}",
        LiveEventKind.PitchBend => $"Pitch bend       {Channel,2}, value {Value}",
        LiveEventKind.SongPosition => $"Song position        position {Value}",
        LiveEventKind.Clock => "Clock",
        LiveEventKind.Start => "Start",
        LiveEventKind.Continue => "Continue",
        _ => "Stop",
    };
}
