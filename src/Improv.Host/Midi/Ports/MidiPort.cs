using System.Diagnostics;
using System.Text;
using Improv.Host.Native;

using Improv.Host.Realtime;

namespace Improv.Host.Midi.Ports;

/// <summary>What changed when a port was supervised.</summary>
public enum PortChange
{
    None,
    Connected,
    Vanished,
    Reconnected,
}

/// <summary>
/// One RtMidi port of Improv: a virtual port others connect to, or a port connected to a peer found by name.
/// A peer that vanishes is looked for again by <see cref="Supervise"/> and reconnected by the same name. Improv's own
/// JACK client (<c>Midi/Jack/JackPort</c>) is supervised the same way, through the virtual steps that reach RtMidi.
/// </summary>
/// <remarks>
/// One thread at a time uses the RtMidi handle. In the daemon the playing thread (receiver, scheduler) holds it and
/// calls <see cref="Heed"/> every pass; the <see cref="PortSupervisor"/> asks for it back (<see cref="TakeBack"/>) to
/// reconnect, and returns it (<see cref="HandBack"/>): a lock-free handshake on one volatile word, so the playing
/// thread never waits, enumerates or reconnects. Used from one thread alone (tests, tools), the handshake is idle.
/// </remarks>
public abstract class MidiPort : IDisposable
{
    private const int InPlay = 0;
    private const int Wanted = 1;
    private const int Handed = 2;

    private static long s_enumerations;
    private static long s_enumerationsOnRealtimeThreads;

    private readonly IReadOnlyCollection<string> _ownClients;
    private volatile int _hand = InPlay;
    private volatile int _connections;

    protected MidiPort(RtMidiApi api, string portName, string? peer, IReadOnlyCollection<string> ownClients)
    {
        Api = api;
        PortName = portName;
        Peer = string.IsNullOrEmpty(peer) ? null : peer;
        _ownClients = ownClients;
    }

    public RtMidiApi Api { get; }

    /// <summary>Improv's own port (and RtMidi client) name, e.g. "Improv In".</summary>
    public string PortName { get; }

    /// <summary>
    /// The setting naming the port to connect to; null for a virtual port; Auto (on CoreMIDI and WinMM, where
    /// <see cref="Keyboards.Patches"/> is false) for the first device endpoint, and the next one when it leaves.
    /// </summary>
    public string? Peer { get; }

    /// <summary>The exact name of the peer port once one matched; reconnection looks for this name only.</summary>
    public string? ConnectedTo { get; private set; }

    public bool Connected { get; protected set; }

    protected nint Handle { get; private set; }

    protected abstract string Direction { get; }

    /// <summary>How many connections the supervisor has made so far: a playing thread that sees it change knows the peer is new.</summary>
    public int Connections => _connections;

    /// <summary>Port enumerations so far, on any thread.</summary>
    public static long Enumerations => Interlocked.Read(ref s_enumerations);

    /// <summary>Port enumerations made on a real-time thread (<see cref="RealtimeThread"/>): the supervisor keeps this at 0.</summary>
    public static long EnumerationsOnRealtimeThreads => Interlocked.Read(ref s_enumerationsOnRealtimeThreads);

    /// <summary>True while the supervisor holds the handle (a peer it is looking for).</summary>
    internal bool Held => _hand == Handed;

    /// <summary>
    /// On the playing thread, every pass: hands the port over when the supervisor asked for it; true while the port is
    /// this thread's and connected.
    /// </summary>
    public bool Heed()
    {
        var hand = _hand;
        if (hand == InPlay)
        {
            return Connected;
        }
        if (hand == Wanted)
        {
            _hand = Handed;
        }
        return false;
    }

    /// <summary>
    /// Supervisor: asks the playing thread for the port and waits until it is handed over (true), or gives up after
    /// <paramref name="patience"/> (a thread that is not running yet or any more never answers).
    /// </summary>
    internal bool TakeBack(TimeSpan patience)
    {
        Interlocked.CompareExchange(ref _hand, Wanted, InPlay);
        var deadline = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
        while (_hand != Handed && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Sleep(1);
        }
        // Withdraw the request, unless the playing thread answered after the last look.
        return Interlocked.CompareExchange(ref _hand, InPlay, Wanted) == Handed;
    }

    /// <summary>Supervisor, before the port has a playing thread: keeps it while its peer is missing.</summary>
    internal void Keep() => _hand = Handed;

    /// <summary>Supervisor: returns the port to its playing thread; <paramref name="newPeer"/> when it was just (re)connected.</summary>
    internal void HandBack(bool newPeer)
    {
        if (newPeer)
        {
            _connections++;
        }
        _hand = InPlay;
    }

    private static readonly Lock ClientTeardown = new();

    protected abstract nint Create();

    protected abstract void Free(nint handle);

    /// <summary>Creates the RtMidi client and, for a virtual port, the port; a peer is connected by <see cref="Supervise"/>.</summary>
    protected virtual void Open()
    {
        Handle = CreateChecked();
        if (Peer is null)
        {
            RtMidi.rtmidi_open_virtual_port(Handle, PortName);
            if (!RtMidi.IsOk(Handle))
            {
                throw new InvalidOperationException(
                    $"could not create the virtual MIDI {Direction} port '{PortName}' on {MidiBackends.DisplayName(Api)}" + Api switch
                    {
                        RtMidiApi.WinMM => " (WinMM has no virtual ports: name a port to connect to instead)",
                        RtMidiApi.Jack => $" (is a JACK server '{JackServer.CurrentName}' running?)",
                        _ => "",
                    });
            }
            Connected = true;
        }
    }

    /// <summary>The names of the ports this port could connect to, as the back end spells them.</summary>
    public IReadOnlyList<string> AvailablePeers() => ListPeers();

    /// <summary>The ports this port could connect to now.</summary>
    protected virtual IReadOnlyList<string> ListPeers() => ListPorts(Handle);

    /// <summary>True while the peer this port connected to is still there (and, where the back end says so, still connected).</summary>
    internal virtual bool StillConnected(IReadOnlyList<string> listed) => listed.Contains(ConnectedTo!);

    /// <summary>Call about once a second: notices a vanished peer and reconnects when it returns. Never throws.</summary>
    public PortChange Supervise()
    {
        if (Peer is null)
        {
            return PortChange.None;
        }
        if (Connected)
        {
            if (StillConnected(ListPeers()))
            {
                return PortChange.None;
            }
            Connected = false;
            return PortChange.Vanished;
        }
        var before = ConnectedTo;
        if (!TryConnect())
        {
            return PortChange.None;
        }
        Connected = true;
        // Under Auto another keyboard may take the place of the one that left: that is a new connection, not a return.
        return before == ConnectedTo ? PortChange.Reconnected : PortChange.Connected;
    }

    /// <summary>
    /// Connects to the peer when it is listed: the setting's match the first time, the same exact name after; under Auto
    /// the device it had when that is back, else any device.
    /// </summary>
    private bool TryConnect()
    {
        if (!Revive())
        {
            return false;
        }
        var names = ListPeers();
        var target = ConnectedTo is not null && names.Contains(ConnectedTo) ? ConnectedTo
            : Keyboards.IsAuto(Peer) ? Keyboards.DeviceEndpoint(names, _ownClients, input: Direction == "input")
            : ConnectedTo is null ? PortNames.Find(names, Peer!, _ownClients)
            : null;
        if (target is null || !Link(target, names))
        {
            return false;
        }
        ConnectedTo = target;
        return true;
    }

    /// <summary>Before connecting: makes sure there is a working client to connect with; false when there is none.</summary>
    protected virtual bool Revive()
    {
        // RtMidi's `ok` never resets after a failure: only a fresh client can try again.
        if (!RtMidi.IsOk(Handle))
        {
            Release();
            var fresh = Create();
            if (!RtMidi.IsOk(fresh))
            {
                Free(fresh);
                return false;
            }
            Handle = fresh;
        }
        return true;
    }

    /// <summary>Connects to <paramref name="target"/>, one of the <paramref name="names"/> just listed.</summary>
    protected virtual bool Link(string target, IReadOnlyList<string> names)
    {
        RtMidi.rtmidi_close_port(Handle); // drops the dead connection; a no-op when none was open
        RtMidi.rtmidi_open_port(Handle, (uint)names.ToList().IndexOf(target), PortName);
        return RtMidi.IsOk(Handle);
    }

    private nint CreateChecked()
    {
        var handle = Create();
        if (!RtMidi.IsOk(handle))
        {
            Free(handle);
            throw new InvalidOperationException($"RtMidi could not create a MIDI {Direction} client on {MidiBackends.DisplayName(Api)}");
        }
        return handle;
    }

    internal static unsafe List<string> ListPorts(nint handle)
    {
        CountEnumeration();
        var names = new List<string>();
        var count = RtMidi.rtmidi_get_port_count(handle);
        for (uint i = 0; i < count; i++)
        {
            var length = 0;
            if (RtMidi.rtmidi_get_port_name(handle, i, null, &length) < 0 || length <= 0)
            {
                continue;
            }
            var buffer = new byte[length];
            fixed (byte* bytes = buffer)
            {
                RtMidi.rtmidi_get_port_name(handle, i, bytes, &length);
            }
            var end = Array.IndexOf(buffer, (byte)0);
            names.Add(Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end));
        }
        return names;
    }

    /// <summary>Counts one listing of the MIDI system's ports, and whether a real-time thread made it.</summary>
    internal static void CountEnumeration()
    {
        Interlocked.Increment(ref s_enumerations);
        if (RealtimeThread.IsCurrent)
        {
            Interlocked.Increment(ref s_enumerationsOnRealtimeThreads);
        }
    }

    /// <summary>Closes the port and its client.</summary>
    protected virtual void Release()
    {
        if (Handle == 0)
        {
            return;
        }

        // At shutdown the input and output threads close their JACK clients at the same moment; one run here
        // died with SIGSEGV in libc then, and closing two libjack clients concurrently is not known to be safe.
        // Only shutdown and a broken port's reconnect come here, never a note, so the lock costs no note time.
        lock (ClientTeardown)
        {
            RtMidi.rtmidi_close_port(Handle);
            Free(Handle);
            Handle = 0;
        }
    }

    public void Dispose()
    {
        Release();
        Connected = false;
        GC.SuppressFinalize(this);
    }
}
