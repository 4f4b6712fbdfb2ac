using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Ports;
using Improv.Host.Recording;
using Improv.Host.Telemetry;

namespace Improv.Host.Midi.Output;

/// <summary>
/// Events waiting for their due time, sent in time order (ties in the order scheduled) to the output port.
/// Tracks every note it sends so <see cref="Panic"/> can end them all. Owned by one thread.
/// </summary>
public sealed class OutputSchedule(MidiOutputPort port, ImprovMetrics metrics, int capacity, SessionRecorder? recorder = null)
{
    /// <summary>CC 123: All Notes Off.</summary>
    public const byte AllNotesOff = 123;

    private readonly PriorityQueue<LiveEvent, (long Due, long Order)> _pending = new(capacity);
    private long _order;

    public SoundingNotes Notes { get; } = new();

    /// <summary>Events waiting for their due time.</summary>
    public int Pending => _pending.Count;

    public MidiOutputPort Port { get; } = port;

    /// <summary>Queues an event to leave at its Time (Stopwatch ticks); false (and counted) when the schedule is full.</summary>
    public bool Schedule(in LiveEvent due)
    {
        if (_pending.Count >= capacity)
        {
            metrics.Dropped.Add(DropReason.ScheduleFull);
            return false;
        }
        _pending.Enqueue(due, (due.Time, _order++));
        return true;
    }

    /// <summary>
    /// A planned note-on later than this (Stopwatch ticks) is dropped and counted, not played in a bunch with the notes
    /// that follow; its note-off then finds nothing sounding and is not sent. 0: no limit (Thru plays everything).
    /// </summary>
    public long LatenessLimit { get; set; }

    /// <summary>Sends every event due by now.</summary>
    public void SendDue(long now)
    {
        while (_pending.TryPeek(out var next, out var when) && when.Due <= now)
        {
            _pending.Dequeue();
            if (LatenessLimit > 0 && next.Kind is LiveEventKind.NoteOn or LiveEventKind.NoteOff && !IsOnTime(next, now))
            {
                continue;
            }

            if (Send(next))
            {
                metrics.OutputTimingError.Record(Stopwatch.GetElapsedTime(next.Time).TotalSeconds);
            }
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

    /// <summary>Drops what is pending, ends every sounding note, then All Notes Off on each channel used.</summary>
    public void Panic()
    {
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
    }

    /// <summary>Drops what is pending and sends a note-off for every sounding note: the answer stops, nothing hangs.</summary>
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

    private bool Send(in LiveEvent message)
    {
        Span<byte> bytes = stackalloc byte[3];
        if (!Port.Send(bytes[..message.Encode(bytes)]))
        {
            metrics.Dropped.Add(DropReason.SendFailed);
            return false;
        }
        Notes.Track(message);
        recorder?.Record(RecordedPart.Improv, message);
        metrics.CountOut();
        metrics.NotesSounding = Notes.Count;
        return true;
    }
}
