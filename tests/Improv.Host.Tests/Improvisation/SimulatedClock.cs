using System.Diagnostics;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Music.Notes;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// An improviser played on a clock the test moves (Stopwatch ticks from 0), without JACK: what it plans is exact and
/// repeatable, whatever load the machine carries.
/// </summary>
internal static class SimulatedClock
{
    public static long Ticks(double seconds) => (long)Math.Round(seconds * Stopwatch.Frequency);

    /// <summary>A phrase as the player's note-ons and note-offs, <paramref name="offsetSeconds"/> later than written.</summary>
    public static IEnumerable<LiveEvent> Played(IEnumerable<Note> phrase, double offsetSeconds = 0) => phrase.SelectMany(n => new[]
    {
        LiveEvent.NoteOn(0, (byte)n.Pitch, (byte)n.Velocity, Ticks(offsetSeconds + n.Start)),
        LiveEvent.NoteOff(0, (byte)n.Pitch, Ticks(offsetSeconds + n.End)),
    });

    /// <summary>
    /// Hears each event at its time (ties in the order given) and ticks the improviser up to <paramref name="seconds"/>,
    /// every millisecond or as <paramref name="nextTick"/> says; returns what it planned, ordered by due time, ties in
    /// the order planned (the scheduler thread's order).
    /// </summary>
    public static List<LiveEvent> Perform(Improviser improviser, OutputSchedule schedule, IEnumerable<LiveEvent> heard, double seconds,
        Func<long>? nextTick = null)
    {
        var events = heard.OrderBy(e => e.Time).ToList();
        var planned = new List<LiveEvent>();
        var next = 0;
        for (var now = 0L; now <= Ticks(seconds); now += nextTick?.Invoke() ?? Ticks(0.001))
        {
            while (next < events.Count && events[next].Time <= now)
            {
                improviser.Respond(events[next++], schedule);
            }

            improviser.Tick(now, schedule);
            while (schedule.TryTake(out var plan))
            {
                planned.Add(plan.Event);
            }
        }

        return planned.OrderBy(e => e.Time).ToList();
    }
}
