using System.Diagnostics.Metrics;
using Improv.Host.Native;

namespace Improv.Host.Midi.Ports;

/// <summary>A MIDI output: RtMidi queues each message for the back end without blocking.</summary>
public sealed class MidiOutputPort : MidiPort, IMidiOutput
{
    private MidiOutputPort(RtMidiApi api, string portName, string? peer, IReadOnlyCollection<string> ownClients)
        : base(api, portName, peer, ownClients)
    {
    }

    protected override string Direction => "output";

    /// <summary>Creates the virtual port, or looks for the peer (waiting for it is fine: see Supervise).</summary>
    public static MidiOutputPort Open(RtMidiApi api, string portName, string? peer, IReadOnlyCollection<string> ownClients)
    {
        var port = new MidiOutputPort(api, portName, peer, ownClients);
        port.Open();
        return port;
    }

    protected override nint Create() => RtMidi.rtmidi_out_create(Api, PortName);

    protected override void Free(nint handle) => RtMidi.rtmidi_out_free(handle);

    /// <summary>RtMidi sends at once: the scheduler hands a message over at its due time.</summary>
    public long Lookahead => 0;

    public bool Send(ReadOnlySpan<byte> message, long due) => Send(message);

    /// <summary>Nothing to do: the scheduler records each message's timing as it sends it.</summary>
    public void RecordTiming(Histogram<double> timingError)
    {
    }

    /// <summary>False when RtMidi refused the message or the peer is gone.</summary>
    public unsafe bool Send(ReadOnlySpan<byte> message)
    {
        if (!Heed())
        {
            return false;
        }
        fixed (byte* bytes = message)
        {
            return RtMidi.rtmidi_out_send_message(Handle, bytes, message.Length) == 0;
        }
    }
}
