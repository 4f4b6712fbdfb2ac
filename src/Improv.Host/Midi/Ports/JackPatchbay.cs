using System.Runtime.InteropServices;

namespace Improv.Host.Midi.Ports;

/// <summary>
/// The port supervisor's own libjack client: lists MIDI ports with JACK's flags and connects any two of them. Kept to
/// the few calls the supervisor needs, in this one file, so it can later join a full libjack binding.
/// </summary>
internal sealed partial class JackPatchbay : IPatchbay
{
    private const string Library = "libjack.so.0";
    private const string MidiType = "8 bit raw midi";
    private const int NoStartServer = 0x01;
    private const ulong IsOutput = 0x2;
    private const ulong IsPhysical = 0x4;
    private const int AlreadyConnected = 17; // EEXIST

    private nint _client;

    private JackPatchbay(nint client) => _client = client;

    /// <summary>A client on the current JACK server; null when none answers.</summary>
    public static JackPatchbay? Open(string clientName)
    {
        var client = jack_client_open(clientName, NoStartServer, out _);
        return client == 0 ? null : new JackPatchbay(client);
    }

    /// <summary>Every MIDI port of the server, with its direction and physical flag.</summary>
    public IReadOnlyList<PatchPort> MidiPorts()
    {
        var sources = Names(IsOutput);
        var physical = Names(IsPhysical).ToHashSet(StringComparer.Ordinal);
        return [.. Names(0).Select(name => new PatchPort(name, sources.Contains(name), physical.Contains(name)))];
    }

    /// <summary>
    /// The server's own answer (jack_connect says EEXIST for a connection that stands), not this client's view of the
    /// graph: under load, after a keyboard was unplugged and plugged back in, jack_port_connected_to read "not
    /// connected" at every look for a minute while the connection stood, and each look "reconnected" it and ended
    /// Improv's notes.
    /// </summary>
    public Connection Connect(string source, string destination) => jack_connect(_client, source, destination) switch
    {
        0 => Connection.Made,
        AlreadyConnected => Connection.Existing,
        _ => Connection.Refused,
    };

    public void Disconnect(string source, string destination) => jack_disconnect(_client, source, destination);

    private unsafe List<string> Names(ulong flags)
    {
        var names = new List<string>();
        var list = jack_get_ports(_client, null, MidiType, flags);
        if (list == null)
        {
            return names;
        }
        for (var entry = list; *entry != 0; entry++)
        {
            names.Add(Marshal.PtrToStringUTF8(*entry)!);
        }
        jack_free(list);
        return names;
    }

    public void Dispose()
    {
        if (_client != 0)
        {
            jack_client_close(_client);
            _client = 0;
        }
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint jack_client_open(string name, int options, out int status);

    [LibraryImport(Library)]
    private static partial int jack_client_close(nint client);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint* jack_get_ports(nint client, string? namePattern, string typePattern, ulong flags);

    [LibraryImport(Library)]
    private static unsafe partial void jack_free(void* pointer);



    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int jack_connect(nint client, string source, string destination);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int jack_disconnect(nint client, string source, string destination);
}
