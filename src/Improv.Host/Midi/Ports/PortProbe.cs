using Improv.Host.Native;

namespace Improv.Host.Midi.Ports;

/// <summary>
/// The supervisor's own pair of RtMidi clients, kept open to list ports at every look: a client per look would make
/// and break a JACK client four times a second. They open no port, so no one can connect to them. On JACK it lists
/// through a <see cref="JackPatchbay"/> instead: a client that is never activated, where RtMidi's would run in every
/// JACK cycle for nothing (CPU at idle, and a place in the graph).
/// </summary>
internal sealed class PortProbe(RtMidiApi api) : IDisposable
{
    private const string ClientName = "Improv supervisor";

    private nint _sources;
    private nint _destinations;
    private JackPatchbay? _jack;

    /// <summary>The ports that send MIDI (what an input connects to); null when the MIDI system does not answer.</summary>
    public IReadOnlyList<string>? Sources() => api == RtMidiApi.Jack ? ListJack(LibJack.PortIsOutput) : List(ref _sources, input: true);

    /// <summary>The ports that receive MIDI (what an output connects to); null when the MIDI system does not answer.</summary>
    public IReadOnlyList<string>? Destinations() => api == RtMidiApi.Jack ? ListJack(LibJack.PortIsInput) : List(ref _destinations, input: false);

    private List<string>? ListJack(ulong flags)
    {
        _jack ??= JackPatchbay.Open(ClientName);
        MidiPort.CountEnumeration();
        return _jack?.Names(flags);
    }

    private IReadOnlyList<string>? List(ref nint handle, bool input)
    {
        // RtMidi's `ok` never resets after a failure: only a fresh client can try again.
        if (handle != 0 && !RtMidi.IsOk(handle))
        {
            Free(ref handle, input);
        }
        if (handle == 0)
        {
            handle = input ? RtMidi.rtmidi_in_create(api, ClientName, 16) : RtMidi.rtmidi_out_create(api, ClientName);
        }
        var names = MidiPort.ListPorts(handle);
        return RtMidi.IsOk(handle) ? names : null;
    }

    private static void Free(ref nint handle, bool input)
    {
        if (input)
        {
            RtMidi.rtmidi_in_free(handle);
        }
        else
        {
            RtMidi.rtmidi_out_free(handle);
        }
        handle = 0;
    }

    public void Dispose()
    {
        _jack?.Dispose();
        _jack = null;
        if (_sources != 0)
        {
            Free(ref _sources, input: true);
        }
        if (_destinations != 0)
        {
            Free(ref _destinations, input: false);
        }
    }
}
