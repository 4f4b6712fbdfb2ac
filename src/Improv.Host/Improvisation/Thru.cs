using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;

namespace Improv.Host.Improvisation;

/// <summary>Plays back everything it hears at once, notes transposed: proves the path from input port to output port.</summary>
public sealed class Thru(int transpose) : IResponder
{
    public void Respond(in LiveEvent played, OutputSchedule schedule)
    {
        if (played.Kind is not (LiveEventKind.NoteOn or LiveEventKind.NoteOff) || transpose == 0)
        {
            schedule.Schedule(played);
            return;
        }
        var key = played.Key + transpose;
        // A note transposed off the keyboard is not played; its note-off then falls off too, so nothing hangs.
        if (key is >= 0 and <= 127)
        {
            schedule.Schedule(played with { Data1 = (byte)key });
        }
    }
}
