using System.Numerics.Tensors;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Host.Improvisation;

/// <summary>
/// A memory of this session's music, in the spirit of Pachet's Continuator: an online variable-order Markov model over
/// the player's tokens (Improv's own only move its context on), which predicts what followed the current context earlier
/// in the session. Mixed into the LSTM's distribution (<see cref="Mix"/>), it brings the player's motifs back. The
/// context skips VELOCITY tokens and coarsens TIME_SHIFTs into a few classes, so a motif played again with slightly
/// different timing or touch is still recognised; what it predicts are the exact tokens that followed.
/// It also fits its own mixing weight as it listens (used when the weight is <see cref="MemoryWeight.Auto"/>): one
/// weight per context length and per how often the context was heard, moved by online EM towards the share of each
/// token's probability the memory earned against the LSTM. Music that repeats itself raises them; a solo that never
/// does lowers them towards nothing, so the memory costs little where it cannot help.
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

    /// <summary>Contexts heard once, two or three times, four times or more: how much a context's past says differs.</summary>
    private const int HeardClasses = 3;

    /// <summary>Where every fitted weight starts: a guess that costs little while wrong (0.05 nats a token where the memory is always wrong).</summary>
    private const float FittedStart = 0.05f;

    /// <summary>Fitted weights stay inside this, so one that fell far can still rise (EM never leaves 0).</summary>
    private const float FittedFloor = 0.002f;

    private const float FittedCeiling = 0.95f;

    /// <summary>The online EM's slowest step: after the first updates, which average, it follows about the last 50 predictions.</summary>
    private const float SlowestFitRate = 1f / 50;

    private readonly TokenVocabulary vocabulary;
    private readonly ulong[] keys = new ulong[Capacity];
    private readonly int[] totals = new int[Capacity];
    private readonly int[] successorTokens = new int[Capacity * Successors];
    private readonly int[] successorCounts = new int[Capacity * Successors];
    private readonly int[] history = new int[MaxOrder];
    private readonly float[] mixed;
    private readonly float[] scratch;
    private readonly float[] fitted = new float[(MaxOrder - MinOrder + 1) * HeardClasses];
    private readonly int[] fits = new int[(MaxOrder - MinOrder + 1) * HeardClasses];
    private int historyCount;

    public SessionMemory(TokenVocabulary vocabulary)
    {
        this.vocabulary = vocabulary;
        mixed = new float[vocabulary.Size];
        scratch = new float[vocabulary.Size];
        Array.Fill(fitted, FittedStart);
    }

    /// <summary>
    /// Learns that <paramref name="token"/> (the player's, or the music being scored) followed the current context, then
    /// moves the context on.
    /// <paramref name="predicted"/> are the LSTM's logits that predicted it (empty when none did, as for START): against
    /// them the memory's fitted weights learn how far to trust it.
    /// </summary>
    public void Observe(int token, ReadOnlySpan<float> predicted) => Observe(token, predicted, learn: true);

    /// <summary>
    /// Moves the context on past one of Improv's own tokens without learning from it: what the memory weighs, and what it
    /// brings back, are the player's. Learning its own choices made them reinforce themselves: offline, 20 POP909
    /// continuations with the fitted weight spread to a pitch range of 72 semitones (real p90 60) and 69 % of notes in
    /// the primer's key (89 % learning the player's alone).
    /// </summary>
    public void Follow(int token) => Observe(token, [], learn: false);

    private void Observe(int token, ReadOnlySpan<float> predicted, bool learn)
    {
        if ((uint)token >= (uint)vocabulary.Size)
            return;
        if (predicted.Length == vocabulary.Size && TryLongestContext(out var context, out var contextOrder))
            Fit(context, contextOrder, predicted, token);
        for (var order = 1; learn && order <= Math.Min(MaxOrder, historyCount); order++)
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
    /// The LSTM's <paramref name="logits"/> mixed with the memory's prediction at <paramref name="weight"/>, as logits:
    /// log((1 - w) softmax(logits) + w memory). The logits unchanged when the weight is off or the memory has never
    /// heard the current context. <paramref name="part"/> is the part the model plays (null: every part): what the
    /// memory remembers of another part's notes is left out, so that an accompaniment is not pushed to wait where the
    /// player's melody went on before. The span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Mix(ReadOnlySpan<float> logits, MemoryWeight weight, Part? part = null)
    {
        if (!weight.IsOn || !TryLongestContext(out var slot, out var order))
            return logits;
        var total = 0;
        for (var s = slot * Successors; s < (slot + 1) * Successors && successorCounts[s] > 0; s++)
            total += Plays(successorTokens[s], part) ? successorCounts[s] : 0;
        if (total == 0)
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

        // A context heard once is a weak witness: a fixed weight grows with how often it was heard (n / (n + 1)).
        var heard = (float)totals[slot];
        var share = weight.Fitted ? fitted[FitClass(order, totals[slot])] : weight.Share * heard / (heard + 1);
        var keep = (1 - share) / sum;
        for (var t = 0; t < logits.Length; t++)
            mixed[t] *= keep;
        for (var s = slot * Successors; s < (slot + 1) * Successors && successorCounts[s] > 0; s++)
        {
            if (Plays(successorTokens[s], part))
                mixed[successorTokens[s]] += share * successorCounts[s] / total;
        }

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
        Array.Fill(fitted, FittedStart);
        Array.Clear(fits);
        historyCount = 0;
    }

    /// <summary>
    /// One online EM step for the weight of contexts like <paramref name="slot"/>'s: the share of the observed token's
    /// mixed probability that came from the memory is what the weight would have been, had this been the only token.
    /// </summary>
    private void Fit(int slot, int order, ReadOnlySpan<float> predicted, int token)
    {
        var remembered = 0f;
        for (var s = slot * Successors; s < (slot + 1) * Successors && successorCounts[s] > 0; s++)
        {
            if (successorTokens[s] == token)
                remembered = successorCounts[s] / (float)totals[slot];
        }

        // Vectorised: this runs for every token the player plays, on the handling thread (3.4 us a token in scalar code).
        var max = TensorPrimitives.Max(predicted);
        if (!float.IsFinite(max))
            return;
        var odds = scratch.AsSpan();
        TensorPrimitives.Subtract(predicted, max, odds);
        TensorPrimitives.Exp(odds, odds);
        var lstm = odds[token] / TensorPrimitives.Sum(odds);

        var at = FitClass(order, totals[slot]);
        var weight = fitted[at];
        var mixture = weight * remembered + (1 - weight) * lstm;
        if (!(mixture > 0))
            return;
        var rate = Math.Max(1f / (fits[at] + 2), SlowestFitRate);
        fits[at]++;
        fitted[at] = Math.Clamp(weight + rate * (weight * remembered / mixture - weight), FittedFloor, FittedCeiling);
    }

    /// <summary>True unless <paramref name="token"/> is a note of another part than <paramref name="part"/>.</summary>
    private bool Plays(int token, Part? part) =>
        part is null || vocabulary.KindOf(token) is not (TokenKind.NoteOn or TokenKind.NoteOff) || vocabulary.PartOf(token) == part;

    private static int FitClass(int order, int heard) =>
        (order - MinOrder) * HeardClasses + (heard switch { <= 1 => 0, <= 3 => 1, _ => 2 });

    private bool TryLongestContext(out int slot, out int order)
    {
        // A single token is too short a context to mean a motif: its successors are whatever the music did next.
        for (order = Math.Min(MaxOrder, historyCount); order >= MinOrder; order--)
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
