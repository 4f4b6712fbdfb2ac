using System.Runtime.CompilerServices;

namespace Improv.Host.Midi.Input;

/// <summary>The first bytes of a raw message, stored inline so the ring never points into the heap.</summary>
[InlineArray(Capacity)]
public struct RawBytes
{
    public const int Capacity = 16;

    private byte _first;
}

/// <summary>One message as it left the port: when it was received (Stopwatch ticks), RtMidi's delta time, its bytes.</summary>
public struct RawMessage
{
    public long ReceivedAt;
    public double DeltaSeconds;

    /// <summary>The message's full length; only the first <see cref="RawBytes.Capacity"/> bytes are kept (long ones are SysEx).</summary>
    public int Length;

    public RawBytes Bytes;
}

/// <summary>
/// A preallocated single-producer single-consumer ring between the receiving thread and the handler.
/// Neither side waits: a full ring drops the new message and counts it.
/// </summary>
public sealed class RawMessageRing
{
    private readonly RawMessage[] _slots;
    private readonly int _mask;
    private readonly DropTally _dropped;
    private long _written; // advanced only by the producer
    private long _read;    // advanced only by the consumer

    public RawMessageRing(int capacity, DropTally dropped)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "ring capacity must be a power of two >= 2");
        }
        _slots = new RawMessage[capacity];
        _mask = capacity - 1;
        _dropped = dropped;
    }

    /// <summary>Producer side: copies the message in, or counts it dropped when the ring is full.</summary>
    public bool TryWrite(long receivedAt, double deltaSeconds, ReadOnlySpan<byte> bytes, int length)
    {
        var written = _written;
        if (written - Volatile.Read(ref _read) > _mask)
        {
            _dropped.Add(DropReason.RingOverflow);
            return false;
        }
        ref var slot = ref _slots[written & _mask];
        slot.ReceivedAt = receivedAt;
        slot.DeltaSeconds = deltaSeconds;
        slot.Length = length;
        bytes[..Math.Min(bytes.Length, RawBytes.Capacity)].CopyTo(slot.Bytes);
        Volatile.Write(ref _written, written + 1);
        return true;
    }

    /// <summary>Consumer side: the oldest message, if any.</summary>
    public bool TryRead(out RawMessage message)
    {
        var read = _read;
        if (read == Volatile.Read(ref _written))
        {
            message = default;
            return false;
        }
        message = _slots[read & _mask];
        Volatile.Write(ref _read, read + 1);
        return true;
    }
}
