using Improv.Host.Telemetry;
namespace Improv.Host.Midi.Input;

/// <summary>
/// Turns a MIDI byte stream into <see cref="LiveEvent"/>s, one byte at a time, without allocating.
/// Follows the MIDI 1.0 wire rules: running status, real-time bytes anywhere (even inside a message),
/// SysEx ended by F7 or by any status byte. Whatever cannot become an event is dropped and counted.
/// </summary>
public sealed class MidiStreamParser(DropTally dropped)
{
    private byte _status;
    private int _needed;
    private int _have;
    private byte _data1;
    private bool _inSysEx;
    private bool _fresh; // a status byte arrived and no message has completed since

    public DropTally Dropped { get; } = dropped;

    /// <summary>Feeds one byte; true when it completed an event.</summary>
    public bool Push(byte b, long time, out LiveEvent result)
    {
        result = default;
        if (b >= 0xF8)
        {
            return RealTime(b, time, out result);
        }
        if (b >= 0x80)
        {
            BeginStatus(b);
            return b == 0xF6 && Unsupported();
        }
        if (_inSysEx)
        {
            return false;
        }
        if (_status == 0)
        {
            Dropped.Add(DropReason.Malformed);
            return false;
        }
        if (_have == 0 && _needed == 2)
        {
            _data1 = b;
            _have = 1;
            return false;
        }
        var data1 = _needed == 2 ? _data1 : b;
        var data2 = _needed == 2 ? b : (byte)0;
        var status = _status;
        _have = 0;
        if (status >= 0xF0)
        {
            _status = 0; // system common messages have no running status
        }
        return Complete(status, data1, data2, time, out result);
    }

    /// <summary>Marks the end of one packet from the port: a message still missing data bytes is dropped.</summary>
    public void EndOfMessage()
    {
        if (_have > 0 || _fresh)
        {
            Dropped.Add(DropReason.Partial);
            _status = 0; // the next packet must not complete this one through running status
        }
        _have = 0;
        _fresh = false;
    }

    private void BeginStatus(byte b)
    {
        if (_have > 0 || _fresh)
        {
            Dropped.Add(DropReason.Partial);
        }
        _have = 0;
        _fresh = false;
        var endsSysEx = _inSysEx && b == 0xF7;
        _inSysEx = false;
        _status = 0;
        switch (b)
        {
            case 0xF0:
                _inSysEx = true;
                Dropped.Add(DropReason.SysEx);
                return;
            case 0xF7 when endsSysEx:
                return;
            case 0xF7 or 0xF4 or 0xF5:
                Dropped.Add(DropReason.Malformed);
                return;
            case 0xF6:
                return;
            case 0xF1 or 0xF3:
                _needed = 1;
                break;
            case 0xF2:
                _needed = 2;
                break;
            default:
                _needed = (b & 0xF0) is 0xC0 or 0xD0 ? 1 : 2;
                break;
        }
        _status = b;
        _fresh = true;
    }

    private bool Complete(byte status, byte data1, byte data2, long time, out LiveEvent result)
    {
        _fresh = false;
        var channel = (byte)(status & 0x0F);
        switch (status & 0xF0)
        {
            case 0x80:
                result = new LiveEvent(LiveEventKind.NoteOff, channel, data1, data2, 0, time);
                return true;
            case 0x90:
                result = data2 == 0
                    ? new LiveEvent(LiveEventKind.NoteOff, channel, data1, 0, 0, time)
                    : new LiveEvent(LiveEventKind.NoteOn, channel, data1, data2, 0, time);
                return true;
            case 0xB0:
                result = new LiveEvent(LiveEventKind.ControlChange, channel, data1, data2, 0, time);
                return true;
            case 0xE0:
                result = new LiveEvent(LiveEventKind.PitchBend, channel, 0, 0, (short)((data1 | data2 << 7) - 8192), time);
                return true;
        }
        if (status == 0xF2)
        {
            result = new LiveEvent(LiveEventKind.SongPosition, 0, 0, 0, (short)(data1 | data2 << 7), time);
            return true;
        }
        result = default;
        return Unsupported();
    }

    private bool RealTime(byte b, long time, out LiveEvent result)
    {
        result = default;
        var kind = b switch
        {
            0xF8 => LiveEventKind.Clock,
            0xFA => LiveEventKind.Start,
            0xFB => LiveEventKind.Continue,
            0xFC => LiveEventKind.Stop,
            _ => (LiveEventKind?)null,
        };
        if (kind is { } known)
        {
            result = new LiveEvent(known, 0, 0, 0, 0, time);
            return true;
        }
        Dropped.Add(b switch
        {
            0xFE => DropReason.ActiveSensing,
            0xFF => DropReason.Unsupported,
            _ => DropReason.Malformed,
        });
        return false;
    }

    private bool Unsupported()
    {
        Dropped.Add(DropReason.Unsupported);
        return false;
    }
}
