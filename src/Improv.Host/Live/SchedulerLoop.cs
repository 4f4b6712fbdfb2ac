using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Midi.Ports;
using Improv.Host.Recording;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Improv.Host.Improvisation;
using Improv.Host.Realtime;

namespace Improv.Host.Live;

/// <summary>
/// The scheduler thread: owns the output port and the <see cref="NoteScheduler"/>, sleeps until shortly before the
/// next due time and spins the rest. When the <see cref="PortSupervisor"/> hands the output back (re)connected, and on
/// the way out, every sounding note is ended, and so, before anything plays, is every note the journal of a crashed run
/// shows sounding.
/// Registered before the <see cref="PerformerLoop"/>, so it starts first and stops last.
/// </summary>
public sealed class SchedulerLoop(
    PortSupervisor ports,
    OutputSchedule schedule,
    IResponder responder,
    IOptions<RealtimeOptions> performance,
    ImprovMetrics metrics,
    ILogger<SchedulerLoop> log,
    SessionRecorder? recorder = null,
    RealtimeFaults? faults = null) : DedicatedLoop(performance.Value, "improv scheduler", log, faults: faults)
{
    private NoteScheduler? _scheduler;
    private int _connections;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var port = ports.OpenOutput();
        _scheduler = new NoteScheduler(schedule, port, metrics, OutputSchedule.DefaultCapacity, recorder)
        {
            LatenessLimit = responder.LatenessLimit,
        };
        // Notes a crashed run left sounding are this run's to end: before anything plays, as soon as the output is
        // connected (now, or when the named peer appears, where every connection ends what sounds).
        var left = recorder?.LeftSounding ?? [];
        foreach (var (channel, key) in left)
        {
            _scheduler.Notes.Track(LiveEvent.NoteOn(channel, key, 1, 0));
        }
        _connections = port.Connections;
        if (left.Count > 0 && port.Connected)
        {
            _scheduler.Panic();
            log.LogWarning("Ended the {Count} notes the last run left sounding (note-off each, then All Notes Off)", left.Count);
        }
        return base.StartAsync(cancellationToken);
    }

    protected override bool Pass()
    {
        var port = _scheduler!.Port;
        if (port.Heed() && port.Connections != _connections)
        {
            _connections = port.Connections;
            _scheduler.Panic();
        }
        return _scheduler.Pass(Stopwatch.GetTimestamp());
    }

    protected override void Wait(bool busy, ref PollPacer pacer) => _scheduler!.Wait(ref pacer, busy);

    protected override void Recover() => _scheduler!.Panic();

    protected override void Finish(bool failed)
    {
        var sounding = _scheduler!.Panic();
        log.LogInformation("Stopping: ended {Count} sounding notes (note-off each, then All Notes Off)", sounding);
    }
}
