using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Improv.Host.Realtime;

namespace Improv.Host.Live;

/// <summary>
/// The receiving side: one dedicated thread polls the input port, only copies each message with its
/// receive time into the ring and rings the <see cref="Doorbell"/>. It never waits on the handler; a full ring drops and counts.
/// On Improv's own JACK client, JACK's process callback does that instead (<see cref="Midi.Jack.JackInputClient"/>),
/// and this thread only rests.
/// </summary>
public sealed class MidiReceiver(
    PortSupervisor ports,
    RawMessageRing ring,
    Doorbell doorbell,
    IOptions<RealtimeOptions> performance,
    ImprovMetrics metrics,
    ILogger<MidiReceiver> log,
    RealtimeFaults? faults = null) : DedicatedLoop(performance.Value, "improv receiver", log, faults: faults)
{
    /// <summary>Longest message kept; a longer one (a big SysEx dump) is dropped and counted.</summary>
    private const int ScratchBytes = 1024;

    /// <summary>How far behind now a receive time chained from the back end's deltas may lie before it is not trusted.</summary>
    private static readonly long MaxBacklog = Stopwatch.Frequency / 10;

    private readonly byte[] _scratch = new byte[ScratchBytes];
    /// <summary>How long the thread rests between looks on Improv's own JACK client, where it has nothing to poll.</summary>
    private const int IdleMicroseconds = 100_000;

    private MidiInputPort? _port;
    private MidiPort? _opened;
    private long _lastArrival;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _opened = ports.OpenInput(ring, doorbell);
        _port = _opened as MidiInputPort;
        return base.StartAsync(cancellationToken);
    }

    protected override bool Pass()
    {
        if (_port is null)
        {
            // Nothing to poll; only the supervisor's handshake to answer, when it takes the port to reconnect its peer.
            _opened!.Heed();
            return false;
        }
        var received = false;
        int length;
        while ((length = _port.Read(_scratch, out var delta)) > 0)
        {
            received = true;
            if (length > _scratch.Length)
            {
                metrics.Dropped.Add(DropReason.TooLong);
                continue;
            }
            ring.TryWrite(Arrival(delta), delta, _scratch.AsSpan(0, length), length);
        }
        if (received)
        {
            doorbell.Ring();
        }
        return received;
    }

    /// <summary>
    /// When a message arrived: RtMidi's delta comes from the back end's own clock (JACK: the cycle the message came in),
    /// so chaining it from the last arrival keeps messages read in one burst (after this thread was kept waiting) at
    /// their real spacing. Never later than now; messages of one JACK cycle share its time (delta 0); a chain too far behind now gives now.
    /// </summary>
    private long Arrival(double deltaSeconds)
    {
        var now = Stopwatch.GetTimestamp();
        var chained = _lastArrival + (long)(deltaSeconds * Stopwatch.Frequency);
        _lastArrival = _lastArrival != 0 && deltaSeconds >= 0 && now - chained < MaxBacklog ? Math.Min(now, chained) : now;
        return _lastArrival;
    }

    protected override void Wait(bool busy, ref PollPacer pacer)
    {
        if (_port is null)
        {
            Libc.SleepMicroseconds(IdleMicroseconds);
            return;
        }
        base.Wait(busy, ref pacer);
    }

}
