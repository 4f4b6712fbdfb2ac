using Improv.Host.Native;

namespace Improv.Host.Midi.Ports;

/// <summary>
/// The port supervisor's own libjack client (never activated, so it costs JACK's cycle nothing): lists MIDI ports with
/// JACK's flags and connects any two of them.
/// </summary>
internal sealed unsafe class JackPatchbay : IPatchbay
{
    private nint _client;

    private JackPatchbay(nint client) => _client = client;

    /// <summary>A client on the current JACK server; null when none answers.</summary>
    public static JackPatchbay? Open(string clientName)
    {
        var client = LibJack.ClientOpen(clientName, LibJack.NoStartServer, null);
        return client == 0 ? null : new JackPatchbay(client);
    }

    /// <summary>Every MIDI port of the server, with its direction and physical flag.</summary>
    public IReadOnlyList<PatchPort> MidiPorts()
    {
        var sources = Names(LibJack.PortIsOutput);
        var physical = Names(LibJack.PortIsPhysical).ToHashSet(StringComparer.Ordinal);
        return [.. Names(0).Select(name => new PatchPort(name, sources.Contains(name), physical.Contains(name)))];
    }

    /// <summary>
    /// The server's own answer (jack_connect says EEXIST for a connection that stands), not this client's view of the
    /// graph: under load, after a keyboard was unplugged and plugged back in, jack_port_connected_to read "not
    /// connected" at every look for a minute while the connection stood, and each look "reconnected" it and ended
    /// Improv's notes.
    /// </summary>
    public Connection Connect(string source, string destination) => LibJack.Connect(_client, source, destination) switch
    {
        0 => Connection.Made,
        LibJack.AlreadyConnected => Connection.Existing,
        _ => Connection.Refused,
    };

    public void Disconnect(string source, string destination) => LibJack.Disconnect(_client, source, destination);

    /// <summary>The names of the server's MIDI ports with all these flags (0: every one).</summary>
    public List<string> Names(ulong flags) => LibJack.Names(LibJack.GetPorts(_client, null, LibJack.MidiType, (nuint)flags));

    public void Dispose()
    {
        if (_client != 0)
        {
            LibJack.ClientClose(_client);
            _client = 0;
        }
    }
}
