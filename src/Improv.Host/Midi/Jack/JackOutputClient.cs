using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Improv.Host.Midi.Input;
using Improv.Host.Native;
using Improv.Host.Realtime;

namespace Improv.Host.Midi.Jack;

/// <summary>
/// Improv's own JACK output: the scheduler hands each message over ahead of its due time (<see cref="Lookahead"/>), and
/// the process callback writes it at the first frame at or after its due time in the cycle that contains it, or at
/// offset 0 of the next cycle when that has passed (counted late when that is a frame or more after it was due). How late each one really left, as JACK's frames place it, goes back
/// to the scheduler thread to record (<see cref="RecordTiming"/>).
/// </summary>
public sealed unsafe class JackOutputClient(string name, JackMetrics metrics) : JackClient(name, input: false, metrics)
{
    /// <summary>Messages handed to the callback and not yet written: an improviser's plans for a few periods.</summary>
    private const int OutgoingCapacity = 4096;

    private readonly SpscRing<Outgoing> _outgoing = new(OutgoingCapacity);

    /// <summary>How late each written message left (Stopwatch ticks), for the scheduler thread to record.</summary>
    private readonly SpscRing<long> _lateness = new(OutgoingCapacity);

    // Written by the callback only.
    private Outgoing _next;
    private volatile bool _holdingNext;
    private long _written;

    /// <summary>Messages written to the port so far.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>A hand-over lead that covers the scheduler thread's wake-up jitter and the cycle that is running.</summary>
    public long Lookahead => PeriodFrames == 0 ? 0
        : 2 * PeriodFrames * Stopwatch.Frequency / SampleRate + Stopwatch.Frequency / 1000;

    /// <summary>Scheduler side: queues a message for the callback to write at <paramref name="due"/>; false when the queue is full.</summary>
    public bool Enqueue(ReadOnlySpan<byte> message, long due)
    {
        if (message.Length > RawBytes.Capacity || ServerGone || Client == 0)
        {
            return false;
        }
        var outgoing = new Outgoing { Due = due, Length = message.Length };
        message.CopyTo(outgoing.Bytes);
        return _outgoing.TryWrite(outgoing);
    }

    /// <summary>Scheduler side: records how late each message written since the last call left.</summary>
    public void RecordTiming(Histogram<double> timingError)
    {
        while (_lateness.TryRead(out var ticks))
        {
            timingError.Record((double)ticks / Stopwatch.Frequency);
        }
    }

    /// <summary>Writes every queued message due before this cycle ends, each at its due frame (offset 0 when already late).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Process(in CycleClock clock, long began)
    {
        var buffer = LibJack.PortGetBuffer(Port, clock.Frames);
        LibJack.MidiClearBuffer(buffer);
        long lastOffset = 0;
        while (_holdingNext || (_holdingNext = _outgoing.TryRead(out _next)))
        {
            var offset = clock.Offset(_next.Due);
            if (offset >= clock.Frames)
            {
                return; // a later cycle's: held until then
            }
            if (offset < 0)
            {
                offset = 0;
                if (clock.FrameBefore(_next.Due))
                {
                    Metrics.CountLate();
                }
            }
            // Offsets never decrease within a cycle (jack_midi_event_write): a message queued after a later one waits for it.
            offset = Math.Max(offset, lastOffset);
            var message = _next;
            if (LibJack.MidiEventWrite(buffer, (uint)offset, (byte*)&message.Bytes, (nuint)message.Length) != 0)
            {
                Metrics.CountOutputFull();
                return; // the buffer is full: the rest leaves next cycle
            }
            _lateness.TryWrite(clock.Time((uint)offset) - message.Due);
            Volatile.Write(ref _written, _written + 1);
            lastOffset = offset;
            _holdingNext = false;
        }
    }

    protected override void Abandon() => _holdingNext = false;

    /// <summary>
    /// Waits until the callback has written everything queued and two more cycles have run, so peers have read the last
    /// note-offs (2 s at most: on a busy machine JACK's cycles can stall for hundreds of milliseconds).
    /// </summary>
    protected override void Drain()
    {
        var deadline = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
        bool Waiting() => !ServerGone && Stopwatch.GetTimestamp() < deadline;
        while ((!_outgoing.IsEmpty || _holdingNext) && Waiting())
        {
            Thread.Sleep(1);
        }
        var drained = Cycles;
        while (Cycles < drained + 2 && Waiting())
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>A message waiting for its cycle: due time (Stopwatch ticks) and bytes inline, so the ring never points into the heap.</summary>
    private struct Outgoing
    {
        public long Due;
        public int Length;
        public RawBytes Bytes;
    }
}
