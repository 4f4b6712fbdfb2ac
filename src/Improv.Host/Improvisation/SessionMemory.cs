using Improv.Music.Tokens;

namespace Improv.Host.Improvisation;

/// <summary>
/// A memory of this session's music, in the spirit of Pachet's Continuator: an online variable-order Markov model over
/// every token the LSTM is fed (the player's and Improv's), which predicts what followed the current context earlier
/// in the session. Mixed into the LSTM's distribution (<see cref="Mix"/>), it brings the player's motifs back. The
/// context skips VELOCITY tokens and coarsens TIME_SHIFTs into a few classes, so a motif played again with slightly
/// different timing or touch is still recognised; what it predicts are the exact tokens that followed.
/// Fixed-size tables, allocated once: nothing allocates per note. Written by hand because no library here keeps an
/// allocation-free n-gram table that learns as it plays.
/// </summary>
public sealed class SessionMemory
{
    /// <summary>Longest context, in tokens; shorter ones are used when the longest was never seen.</summary>
    public const int MaxOrder = 4;

    /// <summary>Shortest context the memory predicts from.</summary>
    public const int MinOrder = 2;

    /// <summary>Successors kept per context: a motif's continuations, not a whole distribution.</summary>
    private const int Successors = 8;

    private const int Capacity = 1 << 15;
    private const int Probes = 8;

    private readonly TokenVocabulary vocabulary;
    private readonly ulong[] keys = new ulong[Capacity];
    private readonly int[] totals = new int[Capacity];
    private readonly int[] successorTokens = new int[Capacity * Successors];
    private readonly int[] successorCounts = new int[Capacity * Successors];
    private readonly int[] history = new int[MaxOrder];
    private readonly float[] mixed;
    private int historyCount;

    public SessionMemory(TokenVocabulary vocabulary)
    {
        this.vocabulary = vocabulary;
        mixed = new float[vocabulary.Size];
    }

    /// <summary>Learns that <paramref name="token"/> followed the current context, then moves the context on.</summary>
    public void Observe(int token)
    {
        if ((uint)token >= (uint)vocabulary.Size)
            return;
        for (var order = 1; order <= Math.Min(MaxOrder, historyCount); order++)
            Count(Slot(ContextKey(order), create: true), token);

        var kind = vocabulary.KindOf(token);
        if (kind == TokenKind.Velocity)
            return;
        if (kind is TokenKind.Start or TokenKind.End)
        {
            historyCount = 0;
            return;
        }

        Array.Copy(history, 1, history, 0, MaxOrder - 1);
        history[MaxOrder - 1] = ContextClass(token, kind);
        historyCount = Math.Min(MaxOrder, historyCount + 1);
    }

    /// <summary>
    /// The LSTM's <paramref name="logits"/> mixed with the memory's prediction at weight <paramref name="weight"/>
    /// (0..1), as logits: log((1 - w) softmax(logits) + w memory). The logits unchanged when the weight is 0 or the
    /// memory has never heard the current context. The span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Mix(ReadOnlySpan<float> logits, float weight)
    {
        if (weight <= 0 || !TryLongestContext(out var slot))
            return logits;

        var max = float.NegativeInfinity;
        foreach (var l in logits)
        {
            if (float.IsFinite(l))
                max = MathF.Max(max, l);
        }

        if (float.IsNegativeInfinity(max))
            return logits;
        var sum = 0f;
        for (var t = 0; t < logits.Length; t++)
        {
            mixed[t] = float.IsFinite(logits[t]) ? MathF.Exp(logits[t] - max) : 0f;
            sum += mixed[t];
        }

        // A context heard once is a weak witness: the weight grows with how often it was heard (n / (n + 1)).
        var total = (float)totals[slot];
        var share = Math.Min(weight, 1f) * total / (total + 1);
        var keep = (1 - share) / sum;
        for (var t = 0; t < logits.Length; t++)
            mixed[t] *= keep;
        for (var s = slot * Successors; s < (slot + 1) * Successors && successorCounts[s] > 0; s++)
            mixed[successorTokens[s]] += share * successorCounts[s] / total;
        for (var t = 0; t < logits.Length; t++)
            mixed[t] = mixed[t] > 0 ? MathF.Log(mixed[t]) : float.NegativeInfinity;
        return mixed;
    }

    /// <summary>Forgets the session (a new performance).</summary>
    public void Clear()
    {
        Array.Clear(keys);
        Array.Clear(totals);
        Array.Clear(successorCounts);
        historyCount = 0;
    }

    private bool TryLongestContext(out int slot)
    {
        // A single token is too short a context to mean a motif: its successors are whatever the music did next.
        for (var order = Math.Min(MaxOrder, historyCount); order >= MinOrder; order--)
        {
            slot = Slot(ContextKey(order), create: false);
            if (slot >= 0 && totals[slot] > 0)
                return true;
        }

        slot = -1;
        return false;
    }

    /// <summary>Time shifts fall into classes (10-30, 40-70, 80-150, 160-300, 310 ms and up): a motif replayed a little faster or slower still matches.</summary>
    private int ContextClass(int token, TokenKind kind)
    {
        if (kind != TokenKind.TimeShift)
            return token;
        var steps = vocabulary.ValueOf(token);
        var bucket = steps switch { <= 3 => 0, <= 7 => 1, <= 15 => 2, <= 30 => 3, _ => 4 };
        return vocabulary.TimeShiftOffset + bucket;
    }

    /// <summary>The last <paramref name="order"/> context classes and the order, hashed (FNV-1a) into one key; 0 is kept for "empty".</summary>
    private ulong ContextKey(int order)
    {
        var hash = 14695981039346656037UL ^ (ulong)order;
        for (var i = MaxOrder - order; i < MaxOrder; i++)
            hash = (hash ^ (uint)history[i]) * 1099511628211UL;
        return hash | 1;
    }

    /// <summary>The slot of a context key, or -1; with <paramref name="create"/>, a free or (when the probes are full) the first probed slot is taken over.</summary>
    private int Slot(ulong key, bool create)
    {
        var start = (int)(key % Capacity);
        for (var probe = 0; probe < Probes; probe++)
        {
            var slot = (start + probe) & (Capacity - 1);
            if (keys[slot] == key)
                return slot;
            if (keys[slot] == 0)
            {
                if (!create)
                    return -1;
                keys[slot] = key;
                return slot;
            }
        }

        if (!create)
            return -1;
        // A full neighbourhood: the oldest context there gives way (a session is long; its recent music matters most).
        keys[start] = key;
        totals[start] = 0;
        Array.Clear(successorCounts, start * Successors, Successors);
        return start;
    }

    private void Count(int slot, int token)
    {
        var first = slot * Successors;
        var weakest = first;
        for (var s = first; s < first + Successors; s++)
        {
            if (successorCounts[s] > 0 && successorTokens[s] == token)
            {
                successorCounts[s]++;
                totals[slot]++;
                return;
            }

            if (successorCounts[s] < successorCounts[weakest])
                weakest = s;
        }

        // A new successor replaces the rarest one (or fills an empty place).
        totals[slot] += 1 - successorCounts[weakest];
        successorTokens[weakest] = token;
        successorCounts[weakest] = 1;
    }
}
