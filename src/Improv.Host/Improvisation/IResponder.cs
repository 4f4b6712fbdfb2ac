using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;

namespace Improv.Host.Improvisation;

/// <summary>What answers the player: Thru now, the model-driven improviser later. Runs on the handling thread: no allocation, no locks, no I/O.</summary>
public interface IResponder
{
    /// <summary>Hears one played event and schedules Improv's answer (if any).</summary>
    void Respond(in LiveEvent played, OutputSchedule schedule);

    /// <summary>How late (Stopwatch ticks) a planned note-on may leave before it is dropped; 0 plays everything.</summary>
    long LatenessLimit => 0;

    /// <summary>
    /// The panic controller, heard at <paramref name="now"/>: whatever Improv plays or has planned stops (a note-off for
    /// every sounding note, then All Notes Off), and the responder forgets it was playing.
    /// </summary>
    void Panic(long now, OutputSchedule schedule) => schedule.Panic();

    /// <summary>Time passes with nothing heard: a chance to play what has come due.</summary>
    void Tick(long now, OutputSchedule schedule)
    {
    }
}
