using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Ports;
using Improv.Host.Settings;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Hosting;
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
    ILogger<MidiReceiver> log) : BackgroundService
{
    private MidiInputPort? _port;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = midi.Value;
        _port = MidiInputPort.Open(system.Api, settings.InputPortName, settings.Input, settings.OwnClients);
        PortWatch.Opened(_port, input: true, metrics, log);
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Receive(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Receive(CancellationToken stop)
    {
        var port = _port!;
        var pacer = performance.Value.Pacer();
        Span<byte> scratch = stackalloc byte[1024];
        var nextCheck = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var received = false;
                int length;
                while ((length = port.Read(scratch, out var delta)) > 0)
                {
                    received = true;
                    if (length > scratch.Length)
                    {
                        metrics.Dropped.Add(DropReason.TooLong);
                        continue;
                    }
                    ring.TryWrite(Stopwatch.GetTimestamp(), delta, scratch[..length], length);
                }
                if (Stopwatch.GetTimestamp() >= nextCheck)
                {
                    PortWatch.Check(port, input: true, metrics, log);
                    nextCheck = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
                }
                if (received)
                {
                    pacer.Heard();
                }
                else
                {
                    pacer.Rest();
                }
            }
        }
        finally
        {
            port.Dispose();
            metrics.SetConnected(input: true, false);
        }
    }
}
