using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Recording;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Improv.Host.Improvisation;
using Improv.Host.Realtime;

namespace Improv.Host.Live;

/// <summary>
/// The handling side, on one dedicated thread: input ring -> <see cref="Performer"/> -> the responder's plans in the
/// <see cref="OutputSchedule"/>, which the <see cref="SchedulerLoop"/> sends on time. Should a pass throw, a panic follows,
/// so the scheduler ends every sounding note: then the loop plays on (in the daemon) or ends (without <see cref="RealtimeFaults"/>).
/// </summary>
public sealed class PerformerLoop(
    RawMessageRing ring,
    Doorbell doorbell,
    IResponder responder,
    OutputSchedule schedule,
    IOptions<RealtimeOptions> realtime,
    IOptions<ImprovisationOptions> improvisation,
    ImprovMetrics metrics,
    ILogger<PerformerLoop> log,
    SessionRecorder? recorder = null,
    RealtimeFaults? faults = null) : DedicatedLoop(realtime.Value, "improv performer", log, faults: faults)
{
    private readonly Performer _performer = new(responder, schedule, metrics, improvisation.Value.Controls.Panic, recorder);

    protected override bool Pass()
    {
        var handled = false;
        while (ring.TryRead(out var message))
        {
            handled = true;
            _performer.Hear(message);
        }
        responder.Tick(Stopwatch.GetTimestamp(), schedule);
        // Notes planned or sounding are music playing, even when the player is silent.
        return handled || schedule.Busy;
    }

    /// <summary>
    /// Woken by the receiver the moment a message is in the ring; otherwise every poll interval, even while music
    /// plays, which is often enough for the responder's ticks: it plans notes ahead of their time.
    /// </summary>
    protected override void Wait(bool busy, ref PollPacer pacer)
    {
        if (busy)
        {
            pacer.Heard();
        }

        doorbell.Wait(pacer.RestMicroseconds);
    }

    /// <summary>A pass threw: the scheduler ends every sounding note, as at a panic.</summary>
    protected override void Recover() => schedule.Panic();

    protected override void Finish(bool failed)
    {
        if (failed)
        {
            schedule.Panic();
        }
    }
}
