using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Recording;
using Improv.Host.Settings;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Options;

namespace Improv.Host.Performance;

/// <summary>
/// The handling side, on one dedicated thread: input ring -> <see cref="Performer"/> -> the responder's plans in the
/// <see cref="OutputSchedule"/>, which the <see cref="SchedulerLoop"/> sends on time. Should a pass throw, its last act
/// is a panic, so the scheduler ends every sounding note even while the host is still stopping.
/// </summary>
public sealed class PerformanceLoop(
    RawMessageRing ring,
    IResponder responder,
    OutputSchedule schedule,
    IOptions<PerformanceOptions> performance,
    ImprovMetrics metrics,
    SessionRecorder? recorder = null) : DedicatedLoop(performance.Value, "improv performer")
{
    private readonly Performer _performer = new(responder, schedule, metrics, performance.Value.PanicController, recorder);

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

    protected override void Finish(bool failed)
    {
        if (failed)
        {
            schedule.Panic();
        }
    }
}
