using System.Diagnostics.Metrics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Improv.Host.Realtime;

namespace Improv.Host.Midi.Jack;

/// <summary>
/// Improv's own JACK client as the port supervisor sees it: a <see cref="MidiPort"/> like RtMidi's, found, connected
/// (jack_connect, by name) and reconnected by the supervisor on its thread, handed to its playing thread through the
/// same handshake. Its port always exists, so others can connect to it too; a named peer is connected to it.
/// </summary>
public sealed class JackPort : MidiPort, IMidiOutput
{
    private readonly JackClient _client;

    private JackPort(JackClient client, string portName, string? peer, IReadOnlyCollection<string> ownClients)
        : base(RtMidiApi.Jack, portName, peer, ownClients) => _client = client;

    protected override string Direction => _client is JackInputClient ? "input" : "output";

    /// <summary>The JACK client behind the port, with its counts.</summary>
    public JackClient Client => _client;

    /// <summary>Improv's own input: JACK's process callback fills <paramref name="received"/> and rings <paramref name="doorbell"/>.</summary>
    public static JackPort OpenInput(string portName, string? peer, IReadOnlyCollection<string> ownClients, RawMessageRing received, Doorbell doorbell, JackMetrics metrics) =>
        Opened(new JackPort(new JackInputClient(portName, received, doorbell, metrics), portName, peer, ownClients));

    /// <summary>Improv's own output: the scheduler hands messages over ahead of time, JACK's callback writes each at its frame.</summary>
    public static JackPort OpenOutput(string portName, string? peer, IReadOnlyCollection<string> ownClients, JackMetrics metrics) =>
        Opened(new JackPort(new JackOutputClient(portName, metrics), portName, peer, ownClients));

    private static JackPort Opened(JackPort port)
    {
        port.Open();
        return port;
    }

    protected override void Open()
    {
        _client.Open();
        Connected = Peer is null;
    }

    protected override nint Create() => throw new NotSupportedException("a JACK port opens its own client");

    protected override void Free(nint handle)
    {
    }

    protected override IReadOnlyList<string> ListPeers()
    {
        CountEnumeration();
        return _client.Ports(sources: _client is JackInputClient);
    }

    internal override bool StillConnected(IReadOnlyList<string> listed) => listed.Contains(ConnectedTo!) && _client.ConnectionStands(ConnectedTo!);

    protected override bool Revive() => !_client.ServerGone;

    protected override bool Link(string target, IReadOnlyList<string> names) => _client.Connect(target);

    protected override void Release() => _client.Dispose();

    public long Lookahead => (_client as JackOutputClient)?.Lookahead ?? 0;

    public bool Send(ReadOnlySpan<byte> message, long due) => Heed() && _client is JackOutputClient output && output.Enqueue(message, due);

    public void RecordTiming(Histogram<double> timingError) => (_client as JackOutputClient)?.RecordTiming(timingError);
}
