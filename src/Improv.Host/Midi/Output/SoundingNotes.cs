using Improv.Host.Midi.Input;

namespace Improv.Host.Midi.Output;

/// <summary>Every note Improv has started and not yet ended, and every channel it has played on.</summary>
public sealed class SoundingNotes
{
    private readonly bool[] _sounding = new bool[16 * 128];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Bit c set: Improv has sent a channel message on channel c.</summary>
    public ushort ChannelsUsed { get; private set; }

    public bool IsSounding(int channel, int key) => _sounding[channel * 128 + key];

    /// <summary>Records an event that was sent.</summary>
    public void Track(in LiveEvent sent)
    {
        if (!sent.IsChannelMessage)
        {
            return;
        }
        ChannelsUsed |= (ushort)(1 << sent.Channel);
        if (sent.Kind is not (LiveEventKind.NoteOn or LiveEventKind.NoteOff))
        {
            return;
        }
        ref var slot = ref _sounding[sent.Channel * 128 + sent.Key];
        var on = sent.Kind == LiveEventKind.NoteOn;
        if (slot != on)
        {
            slot = on;
            Volatile.Write(ref _count, _count + (on ? 1 : -1));
        }
    }

    public void Clear()
    {
        Array.Clear(_sounding);
        ChannelsUsed = 0;
        Volatile.Write(ref _count, 0);
    }
}
