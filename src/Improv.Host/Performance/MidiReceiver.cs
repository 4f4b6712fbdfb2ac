using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Ports;
using Improv.Host.Settings;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Performance;

/// <summary>
/// The receiving side: one dedicated thread polls the input port and only copies each message with its
/// receive time into the ring. It never waits on the handler; a full ring drops and counts.
/// </summary>
public sealed class MidiReceiver(
    MidiSystem system,
    RawMessageRing ring,
    IOptions<MidiOptions> midi,
    IOptions<PerformanceOptions> performance,
    ImprovMetrics metrics,
    ILogger<MidiReceiver> log) : DedicatedLoop(performance.Value, "improv receiver")
{
    /// <summary>Longest message kept; a longer one (a big SysEx dump) is dropped and counted.</summary>
    private const int ScratchBytes = 1024;

    private readonly byte[] _scratch = new byte[ScratchBytes];
    private MidiInputPort? _port;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = midi.Value;
        _port = MidiInputPort.Open(system.Api, settings.InputPortName, settings.Input, settings.OwnClients);
        PortWatch.Opened(_port, input: true, metrics, log);
        return base.StartAsync(cancellationToken);
    }

    protected override bool Pass()
    {
        var received = false;
        int length;
        while ((length = _port!.Read(_scratch, out var delta)) > 0)
        {
            received = true;
            if (length > _scratch.Length)
            {
                metrics.Dropped.Add(DropReason.TooLong);
                continue;
            }
            ring.TryWrite(Stopwatch.GetTimestamp(), delta, _scratch.AsSpan(0, length), length);
        }
        return received;
    }

    protected override void Supervise() => PortWatch.Check(_port!, input: true, metrics, log);

    protected override void Finish(bool failed)
    {
        _port!.Dispose();
        metrics.SetConnected(input: true, false);
    }
}
