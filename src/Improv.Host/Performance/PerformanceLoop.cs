using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Midi.Ports;
using Improv.Host.Recording;
using Improv.Host.Settings;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Performance;

/// <summary>
/// The handling side, on one dedicated thread: input ring -> <see cref="Performer"/> -> output schedule -> output port.
/// On reconnecting the output and on the way out, every sounding note is ended.
/// </summary>
public sealed class PerformanceLoop(
    MidiSystem system,
    RawMessageRing ring,
    IResponder responder,
    IOptions<MidiOptions> midi,
    IOptions<PerformanceOptions> performance,
    ImprovMetrics metrics,
    ILogger<PerformanceLoop> log,
    SessionRecorder? recorder = null) : BackgroundService
{
    /// <summary>Room for what an improviser plans ahead; Thru leaves at once.</summary>
    private const int ScheduleCapacity = 4096;

    private Performer? _performer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = midi.Value;
        var port = MidiOutputPort.Open(system.Api, settings.OutputPortName, settings.Output, settings.OwnClients);
        _performer = new Performer(
            responder,
            new OutputSchedule(port, metrics, ScheduleCapacity, recorder) { LatenessLimit = responder.LatenessLimit },
            metrics,
            performance.Value.PanicController,
            recorder);
        PortWatch.Opened(port, input: false, metrics, log);
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Perform(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Perform(CancellationToken stop)
    {
        var performer = _performer!;
        var schedule = performer.Schedule;
        var pacer = performance.Value.Pacer();
        var nextCheck = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var handled = false;
                while (ring.TryRead(out var message))
                {
                    handled = true;
                    performer.Hear(message);
                }
                responder.Tick(Stopwatch.GetTimestamp(), schedule);
                schedule.SendDue(Stopwatch.GetTimestamp());
                if (Stopwatch.GetTimestamp() >= nextCheck)
                {
                    if (PortWatch.Check(schedule.Port, input: false, metrics, log) is PortChange.Connected or PortChange.Reconnected)
                    {
                        schedule.Panic();
                    }
                    nextCheck = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
                }
                // Notes planned or sounding are music playing, even when the player is silent.
                if (handled || schedule.Pending > 0 || schedule.Notes.Count > 0)
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
            var sounding = schedule.Notes.Count;
            schedule.Panic();
            log.LogInformation("Stopping: ended {Count} sounding notes (note-off each, then All Notes Off)", sounding);
            schedule.Port.Dispose();
            metrics.SetConnected(input: false, false);
        }
    }
}
