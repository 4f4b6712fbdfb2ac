using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;

namespace Improv.Host.Performance;

/// <summary>What answers the player: Thru now, the model-driven improviser later. Runs on the handling thread: no allocation, no locks, no I/O.</summary>
public interface IResponder
{
    /// <summary>Hears one played event and schedules Improv's answer (if any).</summary>
    void Respond(in LiveEvent played, OutputSchedule schedule);

    /// <summary>How late (Stopwatch ticks) a planned note-on may leave before it is dropped; 0 plays everything.</summary>
    long LatenessLimit => 0;

    /// <summary>Time passes with nothing heard: a chance to play what has come due.</summary>
    void Tick(long now, OutputSchedule schedule)
    {
    }
}
