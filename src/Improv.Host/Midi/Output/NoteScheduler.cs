using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Ports;
using Improv.Host.Telemetry;
using Improv.Host.Improvisation;
using Improv.Host.Realtime;

namespace Improv.Host.Midi.Output;

/// <summary>
/// The scheduler thread's state: takes what the handling thread planned (<see cref="OutputSchedule"/>), keeps it in
/// time order (ties in the order planned), and sends each event to the output port at its due time. It alone sends, so
/// it alone knows what sounds (<see cref="Notes"/>), and it ends every sounding note on Release, Panic and shutdown.
/// Allocation-free and lock-free per event.
/// </summary>
public sealed class NoteScheduler(OutputSchedule planned, IMidiOutput port, ImprovMetrics metrics, int capacity, IOutputTap? tap = null)
{
    /// <summary>CC 123: All Notes Off.</summary>
    public const byte AllNotesOff = 123;

    private readonly PriorityQueue<LiveEvent, (long Due, long Order)> _pending = new(capacity);
    private long _order;
    private int _releases;
    private int _panics;

    public SoundingNotes Notes { get; } = new();

    /// <summary>Events waiting for their due time.</summary>
    public int Pending => _pending.Count;

    public IMidiOutput Port { get; } = port;

    /// <summary>
    /// A planned note-on later than this (Stopwatch ticks) is dropped and counted, not played in a bunch with the notes
    /// that follow; its note-off then finds nothing sounding and is not sent. 0: no limit (Thru plays everything).
    /// </summary>
    public long LatenessLimit { get; init; }

    /// <summary>When the next event is due (Stopwatch ticks); long.MaxValue when nothing waits.</summary>
    public long NextDue => _pending.TryPeek(out _, out var when) ? when.Due : long.MaxValue;

    /// <summary>
    /// Takes what the handling thread planned, obeying its releases in order, then sends everything due by
    /// <paramref name="now"/>. True while anything waits or sounds.
    /// </summary>
    public bool Pass(long now)
    {
        while (planned.TryTake(out var next))
        {
            if (next.Releases - _releases > 0)
            {
                // Released before this event was planned: the release comes first.
                Obey(next.Releases);
            }
            if (next.Releases != _releases)
            {
                continue; // planned before a release that has been obeyed
            }
            if (_pending.Count >= capacity)
            {
                metrics.Dropped.Add(DropReason.ScheduleFull);
                continue;
            }
            _pending.Enqueue(next.Event, (next.Event.Time, _order++));
        }
        var releases = planned.Releases;
        if (releases != _releases)
        {
            Obey(releases);
        }

        SendDue(now);
        planned.Publish(Notes.Count, _pending.Count);
        return _pending.Count > 0 || Notes.Count > 0;
    }

    /// <summary>
    /// Between passes: approaches the next due time as <see cref="PollPacer.ApproachDue"/> does (naps, then a spin); with
    /// nothing due, rests as the pacer says.
    /// </summary>
    public void Wait(ref PollPacer pacer, bool busy)
    {
        var due = NextDue;
        if (due != long.MaxValue && Port.Lookahead > 0)
        {
            // The port places each message at its due time itself: handing it over a little early is all it needs.
            pacer.RestAtMost((due - Port.Lookahead - Stopwatch.GetTimestamp()) * 1_000_000 / Stopwatch.Frequency);
            return;
        }
        if (due == long.MaxValue)
        {
            if (busy)
            {
                pacer.Heard();
            }
            else
            {
                pacer.Rest();
            }
            return;
        }

        pacer.ApproachDue(due);
    }

    /// <summary>
    /// Sends every event due by now (to a port that times messages itself, due within its lookahead); a note-on later
    /// than the limit is dropped (and its note-off with it).
    /// </summary>
    public void SendDue(long now)
    {
        Port.RecordTiming(metrics.OutputTimingError);
        while (_pending.TryPeek(out var next, out var when) && when.Due - Port.Lookahead <= now)
        {
            _pending.Dequeue();
            if (LatenessLimit > 0 && next.Kind is LiveEventKind.NoteOn or LiveEventKind.NoteOff && !IsOnTime(next, now))
            {
                continue;
            }

            // A port with a lookahead reports when each message really left (RecordTiming).
            if (Send(next) && Port.Lookahead == 0)
            {
                metrics.OutputTimingError.Record(Stopwatch.GetElapsedTime(next.Time).TotalSeconds);
            }
        }
    }

    /// <summary>Drops what is pending, ends every sounding note, then All Notes Off on each channel used. Returns the notes ended.</summary>
    public int Panic()
    {
        var sounding = Notes.Count;
        Release();
        var now = Stopwatch.GetTimestamp();
        for (byte channel = 0; channel < 16; channel++)
        {
            if ((Notes.ChannelsUsed & (1 << channel)) != 0)
            {
                Send(LiveEvent.ControlChange(channel, AllNotesOff, 0, now));
            }
        }
        Notes.Clear();
        metrics.NotesSounding = 0;
        planned.Publish(0, 0);
        return sounding;
    }

    /// <summary>Drops what is pending and sends a note-off for every sounding note.</summary>
    public void Release()
    {
        _pending.Clear();
        var now = Stopwatch.GetTimestamp();
        for (byte channel = 0; channel < 16; channel++)
        {
            for (byte key = 0; key < 128; key++)
            {
                if (Notes.IsSounding(channel, key))
                {
                    Send(LiveEvent.NoteOff(channel, key, now));
                }
            }
        }
    }

    private void Obey(int releases)
    {
        _releases = releases;
        var panics = planned.Panics;
        if (panics != _panics)
        {
            _panics = panics;
            Panic();
        }
        else
        {
            Release();
        }
    }

    private bool IsOnTime(in LiveEvent due, long now)
    {
        if (due.Kind == LiveEventKind.NoteOff || due.Velocity == 0)
        {
            return Notes.IsSounding(due.Channel, due.Key);
        }

        if (now - due.Time <= LatenessLimit)
        {
            return true;
        }

        metrics.Dropped.Add(DropReason.Late);
        return false;
    }

    private bool Send(in LiveEvent message)
    {
        Span<byte> bytes = stackalloc byte[3];
        if (!Port.Send(bytes[..message.Encode(bytes)], message.Time))
        {
            metrics.Dropped.Add(DropReason.SendFailed);
            return false;
        }
        Notes.Track(message);
        tap?.Sent(message);
        metrics.CountOut();
        metrics.NotesSounding = Notes.Count;
        return true;
    }
}
