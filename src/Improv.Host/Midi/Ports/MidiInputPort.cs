using Improv.Host.Native;

namespace Improv.Host.Midi.Ports;

/// <summary>A MIDI input read by polling RtMidi's queue from Improv's own thread.</summary>
/// <remarks>
/// Polling, not RtMidi's callback: on JACK a callback that is slow once (thread attach, JIT, a GC pause)
/// makes RtMidi replace the rest of that cycle's messages with copies of the first (PLATFORM.md).
/// </remarks>
public sealed class MidiInputPort : MidiPort
{
    /// <summary>RtMidi's own queue between JACK/ALSA and the poll: room for the densest burst a period can carry.</summary>
    private const uint QueueLimit = 16384;

    private MidiInputPort(RtMidiApi api, string portName, string? peer, IReadOnlyCollection<string> ownClients)
        : base(api, portName, peer, ownClients)
    {
    }

    protected override string Direction => "input";

    /// <summary>Creates the virtual port, or looks for the peer (waiting for it is fine: see Supervise).</summary>
    public static MidiInputPort Open(RtMidiApi api, string portName, string? peer, IReadOnlyCollection<string> ownClients)
    {
        var port = new MidiInputPort(api, portName, peer, ownClients);
        port.Open();
        return port;
    }

    protected override nint Create()
    {
        var handle = RtMidi.rtmidi_in_create(Api, PortName, QueueLimit);
        if (RtMidi.IsOk(handle))
        {
            // Let SysEx, clock and active sensing through: clock is an event, the rest are counted as ignored.
            RtMidi.rtmidi_in_ignore_types(handle, false, false, false);
        }
        return handle;
    }

    protected override void Free(nint handle) => RtMidi.rtmidi_in_free(handle);

    /// <summary>
    /// Takes the next message into buffer; returns its length (0: none waiting). A length above
    /// buffer.Length means the message did not fit and was not copied.
    /// </summary>
    public unsafe int Read(Span<byte> buffer, out double deltaSeconds)
    {
        deltaSeconds = 0;
        if (!Heed())
        {
            return 0; // also while no RtMidi client exists: a reconnect could not create one
        }
        var size = (nuint)buffer.Length;
        fixed (byte* bytes = buffer)
        {
            deltaSeconds = RtMidi.rtmidi_in_get_message(Handle, bytes, &size);
        }
        return (int)size;
    }
}
