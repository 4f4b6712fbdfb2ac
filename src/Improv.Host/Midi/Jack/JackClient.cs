using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Improv.Host.Midi.Ports;
using Improv.Host.Native;

namespace Improv.Host.Midi.Jack;

/// <summary>
/// One of Improv's own JACK clients (<c>Improv:Midi:Backend = Jack</c>) with its one MIDI port, served by JACK's process
/// callback: <see cref="JackInputClient"/> fills the input ring, <see cref="JackOutputClient"/> writes each message at
/// its due frame. Input and output are two clients, as RtMidi's are, so a peer that both plays into Improv and listens
/// to it forms no loop in JACK's graph (a loop makes JACK run one side a cycle late).
/// </summary>
/// <remarks>
/// The process callback is real-time code. It is a static [UnmanagedCallersOnly] function whose pointer JACK keeps
/// (no delegate the GC could move or collect); it finds this object through a GCHandle and touches only preallocated
/// rings, fields and libjack's shared memory: no allocation, no lock, no log, no wait. Its methods are compiled
/// optimized at once (AggressiveOptimization): tiering up on JACK's thread allocated there. Entering managed code from
/// JACK's thread still waits if a garbage collection is suspending the runtime at that moment; the daemon's steady
/// state allocates nothing on its hot paths, so collections are rare, and JACK's own count of late cycles is kept
/// (<see cref="JackMetrics.Xruns"/>). Finding, connecting and watching peers is the port supervisor's, on its thread.
/// </remarks>
public abstract unsafe class JackClient : IDisposable
{
    private readonly string _name;
    private readonly bool _input;
    private GCHandle _self;
    private long _cycles;
    private int _serverGone;

    protected JackClient(string name, bool input, JackMetrics metrics)
    {
        _name = name;
        _input = input;
        Metrics = metrics;
    }

    protected JackMetrics Metrics { get; }

    /// <summary>The client's handle; 0 before <see cref="Open"/> and after <see cref="Dispose"/>.</summary>
    protected nint Client { get; private set; }

    /// <summary>The client's one MIDI port.</summary>
    protected nint Port { get; private set; }

    /// <summary>Improv's port as JACK shows it, e.g. "Improv In:Improv In" ("Improv In-01:Improv In" beside a second Improv).</summary>
    public string FullName { get; private set; } = "";

    public uint SampleRate { get; private set; }

    public uint PeriodFrames { get; private set; }

    /// <summary>Process cycles run so far.</summary>
    public long Cycles => Volatile.Read(ref _cycles);

    /// <summary>True once the server has shut this client down (jackd stopped or threw the client out).</summary>
    public bool ServerGone => Volatile.Read(ref _serverGone) != 0;

    /// <summary>Bytes allocated on the callback's thread as of its last cycle (what the allocation test reads).</summary>
    internal long AllocatedOnCallbackThread { get; private set; }

    /// <summary>Opens the client (named as its port) and its port, and activates it. Throws with the reason.</summary>
    public void Open()
    {
        try
        {
            Start();
        }
        catch
        {
            Close();
            throw;
        }
    }

    private void Start()
    {
        int status;
        Client = LibJack.ClientOpen(_name, LibJack.NoStartServer, &status);
        if (Client == 0)
        {
            throw new InvalidOperationException(
                $"could not open the JACK client '{_name}' (jack_status 0x{status:x}): is a JACK server '{JackServer.CurrentName}' running?");
        }
        SampleRate = LibJack.GetSampleRate(Client);
        PeriodFrames = LibJack.GetBufferSize(Client);
        Port = LibJack.PortRegister(Client, _name, LibJack.MidiType, (nuint)(_input ? LibJack.PortIsInput : LibJack.PortIsOutput), 0);
        if (Port == 0)
        {
            throw new InvalidOperationException($"JACK refused the MIDI port '{_name}' of the client '{LibJack.Text(LibJack.GetClientName(Client))}'");
        }
        FullName = LibJack.Text(LibJack.PortName(Port)) ?? _name;
        _self = GCHandle.Alloc(this);
        var self = GCHandle.ToIntPtr(_self);
        // The callback's first call would otherwise compile it inside a JACK cycle.
        RuntimeHelpers.PrepareMethod(GetType().GetMethod(nameof(Process), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.MethodHandle);
        LibJack.SetProcessCallback(Client, &OnProcess, self);
        if (_input)
        {
            // Each client is told of every xrun: one of the two counts them.
            LibJack.SetXrunCallback(Client, &OnXrun, self);
        }
        LibJack.OnShutdown(Client, &OnShutdown, self);
        if (LibJack.Activate(Client) != 0)
        {
            throw new InvalidOperationException($"JACK refused to activate the client of '{FullName}'");
        }
    }

    /// <summary>The server's MIDI ports that send (<paramref name="sources"/>) or receive MIDI.</summary>
    public IReadOnlyList<string> Ports(bool sources) =>
        Client == 0 ? [] : LibJack.Names(LibJack.GetPorts(Client, null, LibJack.MidiType, (nuint)(sources ? LibJack.PortIsOutput : LibJack.PortIsInput)));

    /// <summary>Connects Improv's port to a peer port (full name): a source into the input, the output into a destination.</summary>
    public bool Connect(string peer) => Client != 0 && LibJack.Connected(_input ? LibJack.Connect(Client, peer, FullName) : LibJack.Connect(Client, FullName, peer));

    /// <summary>
    /// True while Improv's port is connected to the peer port (full name), as this client's view of the graph shows it.
    /// The view changes a cycle after the server does, and under load it was seen to lag for a minute.
    /// </summary>
    public bool IsConnectedTo(string peer) => Port != 0 && !ServerGone && LibJack.PortConnectedTo(Port, peer) != 0;

    /// <summary>
    /// The server's answer where the view says "not connected": true when the connection stands (jack_connect's EEXIST).
    /// When it did not, jack_connect has just made it, and this says false, so that the supervisor reports the peer as
    /// gone and back and the scheduler ends what sounded, as after any return.
    /// </summary>
    public bool ConnectionStands(string peer) =>
        IsConnectedTo(peer) || (Client != 0 && !ServerGone
            && (_input ? LibJack.Connect(Client, peer, FullName) : LibJack.Connect(Client, FullName, peer)) == LibJack.AlreadyConnected);

    /// <summary>One cycle's work, on JACK's thread.</summary>
    protected abstract void Process(in CycleClock clock, long began);

    /// <summary>After a cycle's work threw: forget what was half done, so the next cycle starts clean.</summary>
    protected virtual void Abandon()
    {
    }

    [UnmanagedCallersOnly]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int OnProcess(uint frames, nint self)
    {
        ((JackClient)GCHandle.FromIntPtr(self).Target!).Cycle(frames);
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Cycle(uint frames)
    {
        var began = Stopwatch.GetTimestamp();
        try
        {
            Process(new CycleClock(began, frames, frames * Stopwatch.Frequency / SampleRate), began);
        }
        catch (Exception)
        {
            // Never into libjack's C frames: a broken cycle is counted and the next one starts clean.
            Abandon();
            Metrics.CountFault();
        }
        Metrics.SawDspLoad(LibJack.CpuLoad(Client));
        AllocatedOnCallbackThread = GC.GetAllocatedBytesForCurrentThread();
        var cycles = _cycles + 1;
        Volatile.Write(ref _cycles, cycles);
        // The first cycle makes JACK's thread a .NET thread (about 7 ms here, once): not what a cycle costs.
        if (cycles > 1)
        {
            Metrics.CycleTook(Stopwatch.GetTimestamp() - began);
        }
    }

    [UnmanagedCallersOnly]
    private static int OnXrun(nint self)
    {
        ((JackClient)GCHandle.FromIntPtr(self).Target!).Metrics.CountXrun();
        return 0;
    }

    [UnmanagedCallersOnly]
    private static void OnShutdown(nint self) => Volatile.Write(ref ((JackClient)GCHandle.FromIntPtr(self).Target!)._serverGone, 1);

    /// <summary>Before the client closes: time for what it still has to deliver (the output's last note-offs).</summary>
    protected virtual void Drain()
    {
    }

    private void Close()
    {
        if (Client != 0)
        {
            LibJack.Deactivate(Client);
            Metrics.SawDspLoad(0);
            LibJack.ClientClose(Client);
            Client = 0;
            Port = 0;
        }
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    public void Dispose()
    {
        if (Client != 0 && !ServerGone)
        {
            Drain();
        }
        Close();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// One cycle's frames on the Stopwatch: frame 0 is when the callback began, and each frame lasts the nominal
    /// 1/sample rate. Not JACK's own frame-to-time estimate (jack_frames_to_time, jack_get_cycle_times): that comes
    /// from a filter (a DLL) which xruns throw off, and on this machine, with a dummy jackd at load 13 and 800 xruns in
    /// five minutes, it put incoming events 1.66 s in the past on average; the callback's own start is always true to
    /// within the callback's scheduling delay, and no second clock (JACK's CLOCK_MONOTONIC_RAW) needs matching.
    /// </summary>
    protected readonly struct CycleClock(long start, uint frames, long periodTicks)
    {
        public uint Frames { get; } = frames;

        /// <summary>When the frame at this offset of the cycle plays (Stopwatch ticks).</summary>
        public long Time(uint offset) => start + offset * periodTicks / Frames;

        /// <summary>The first frame of this cycle at or after a Stopwatch time: negative when it has passed, Frames or more when later.</summary>
        public long Offset(long time) => time < start ? -1 : ((time - start) * Frames + periodTicks - 1) / periodTicks;

        /// <summary>True when a time lies a whole frame or more before this cycle: what leaves at its start then is late.</summary>
        public bool FrameBefore(long time) => (start - time) * Frames >= periodTicks;
    }
}
