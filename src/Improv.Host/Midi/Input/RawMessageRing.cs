using System.Runtime.CompilerServices;
using Improv.Host.Realtime;
using Improv.Host.Telemetry;

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
/// The input ring between the receiving thread and the handler. Neither side waits: a full ring drops the new
/// message and counts it.
/// </summary>
public sealed class RawMessageRing(int capacity, DropTally dropped, DropReason overflow = DropReason.RingOverflow)
{
    private readonly SpscRing<RawMessage> _ring = new(capacity);

    /// <summary>Producer side: copies the message in, or counts it dropped when the ring is full.</summary>
    // Compiled optimized at once: JACK's process callback calls it, and tiering up there would allocate on that thread.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryWrite(long receivedAt, double deltaSeconds, ReadOnlySpan<byte> bytes, int length)
    {
        var message = new RawMessage { ReceivedAt = receivedAt, DeltaSeconds = deltaSeconds, Length = length };
        bytes[..Math.Min(bytes.Length, RawBytes.Capacity)].CopyTo(message.Bytes);
        if (_ring.TryWrite(message))
        {
            return true;
        }
        dropped.Add(overflow);
        return false;
    }

    /// <summary>Consumer side: the oldest message, if any.</summary>
    public bool TryRead(out RawMessage message) => _ring.TryRead(out message);
}
