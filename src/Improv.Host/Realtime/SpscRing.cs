using System.Runtime.CompilerServices;

namespace Improv.Host.Realtime;

/// <summary>
/// A preallocated single-producer single-consumer ring of structs between two dedicated threads. Neither side ever
/// waits or locks: a full ring refuses the write (the producer counts the drop), an empty ring reads nothing.
/// </summary>
/// <remarks>
/// Hand-written because the BCL's queues either allocate per item (ConcurrentQueue segments) or lock (Channel),
/// and one writer plus one reader needs only two counters with release/acquire order.
/// </remarks>
public sealed class SpscRing<T>
    where T : struct
{
    private readonly T[] _slots;
    private readonly int _mask;
    private long _written; // advanced only by the producer
    private long _read;    // advanced only by the consumer

    public SpscRing(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "ring capacity must be a power of two >= 2");
        }
        _slots = new T[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Producer side: copies the item in; false when the ring is full.</summary>
    // Compiled optimized at once: JACK's process callback calls it, and tiering up there would allocate on that thread.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryWrite(in T item)
    {
        var written = _written;
        if (written - Volatile.Read(ref _read) > _mask)
        {
            return false;
        }
        _slots[written & _mask] = item;
        Volatile.Write(ref _written, written + 1);
        return true;
    }

    /// <summary>Consumer side: the oldest item, if any.</summary>
    // Compiled optimized at once: JACK's process callback calls it, and tiering up there would allocate on that thread.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRead(out T item)
    {
        var read = _read;
        if (read == Volatile.Read(ref _written))
        {
            item = default;
            return false;
        }
        item = _slots[read & _mask];
        Volatile.Write(ref _read, read + 1);
        return true;
    }

    /// <summary>Either side: true when nothing waits to be read (a moment's view).</summary>
    public bool IsEmpty => Volatile.Read(ref _read) == Volatile.Read(ref _written);
}
