using Improv.Host.Midi.Input;
using Improv.Host.Telemetry;
using Improv.Host.Improvisation;
using Improv.Host.Realtime;

namespace Improv.Host.Midi.Output;

/// <summary>An event the handling thread planned, stamped with how many releases it had asked for by then.</summary>
public readonly record struct PlannedEvent(LiveEvent Event, int Releases);

/// <summary>
/// The handling thread's side of the output: it plans events (each to leave at its Time) and asks for Release or Panic;
/// the <see cref="NoteScheduler"/> on its own thread takes them in the same order and sends them on time.
/// Lock-free and allocation-free: planned events travel through a preallocated ring, requests as counters.
/// </summary>
/// <remarks>
/// Release and Panic are counters, not ring items, so a full ring can never lose one: every planned event carries the
/// release count it was planned under, and the scheduler obeys a release before any event planned after it, and drops
/// what was planned before it. What sounds is the scheduler's to know (it alone sends); it publishes a count here.
/// </remarks>
public sealed class OutputSchedule(ImprovMetrics metrics, int capacity = OutputSchedule.DefaultCapacity)
{
    /// <summary>Room for what an improviser plans ahead; Thru's events leave at once.</summary>
    public const int DefaultCapacity = 4096;

    private readonly SpscRing<PlannedEvent> _planned = new(capacity);
    private int _releases;
    private int _panics;
    private int _sounding;
    private int _pending;

    /// <summary>Hands an event to the scheduler to leave at its Time (Stopwatch ticks); false (and counted) when the ring is full.</summary>
    public bool Schedule(in LiveEvent due)
    {
        if (_planned.TryWrite(new PlannedEvent(due, _releases)))
        {
            return true;
        }
        metrics.Dropped.Add(DropReason.ScheduleFull);
        return false;
    }

    /// <summary>Everything planned so far is dropped and every sounding note gets its note-off: the answer stops, nothing hangs.</summary>
    public void Release() => Volatile.Write(ref _releases, _releases + 1);

    /// <summary>A release, then All Notes Off on each channel used.</summary>
    public void Panic()
    {
        // Written before the release it comes with: a scheduler that sees the release sees the panic.
        Volatile.Write(ref _panics, _panics + 1);
        Release();
    }

    /// <summary>Notes Improv has sounding, as the scheduler last published.</summary>
    public int Sounding => Volatile.Read(ref _sounding);

    /// <summary>True while anything is planned, waiting for its time, or sounding.</summary>
    public bool Busy => !_planned.IsEmpty || Volatile.Read(ref _pending) > 0 || Sounding > 0;

    /// <summary>Scheduler side: the next planned event, in the order planned.</summary>
    internal bool TryTake(out PlannedEvent planned) => _planned.TryRead(out planned);

    /// <summary>Scheduler side: releases asked for so far.</summary>
    internal int Releases => Volatile.Read(ref _releases);

    /// <summary>Scheduler side: panics asked for so far.</summary>
    internal int Panics => Volatile.Read(ref _panics);

    /// <summary>Scheduler side: what sounds and what waits, for the handling thread's pacing and steering.</summary>
    internal void Publish(int sounding, int pending)
    {
        Volatile.Write(ref _sounding, sounding);
        Volatile.Write(ref _pending, pending);
    }
}
