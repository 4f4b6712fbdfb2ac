namespace Improv.Music.Statistics;

/// <summary>
/// An interpolated Kneser-Ney n-gram model over token ids: the baseline an LSTM has to beat. Hand-written because
/// no maintained .NET language-model library exists; it is small: counts, continuation counts, one discount per order.
/// Each song is padded on the left with a begin marker, so every n-gram has a full context.
/// </summary>
public sealed class KneserNey
{
    // Ten bits a token: vocabularies up to 1,022 tokens (v2 has 651), and 6 tokens of context fit in one long.
    private const int Bits = 10;

    private readonly int vocabulary;
    private readonly int begin;

    // Index n-1 holds order n: the top order has raw counts, lower orders continuation counts (distinct left tokens).
    private readonly Dictionary<long, int>[] grams;
    private readonly Dictionary<long, (int Total, int Distinct)>[] contexts;
    private readonly double[] discounts;

    private KneserNey(int order, int vocabulary)
    {
        Order = order;
        this.vocabulary = vocabulary;
        begin = vocabulary;
        grams = Enumerable.Range(0, order).Select(_ => new Dictionary<long, int>()).ToArray();
        contexts = Enumerable.Range(0, order).Select(_ => new Dictionary<long, (int, int)>()).ToArray();
        discounts = new double[order];
    }

    /// <summary>The order that scores best on POP909 validation songs (docs/training.md), the one the LSTM is compared against everywhere.</summary>
    public const int BaselineOrder = 3;

    public int Order { get; }

    /// <summary>Counts every n-gram of <paramref name="songs"/> (ids below <paramref name="vocabulary"/>).</summary>
    public static KneserNey Train(IEnumerable<int[]> songs, int order, int vocabulary)
    {
        if (order is < 1 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "n-gram order must be 1 to 6");
        }

        if (vocabulary + 1 >= 1 << Bits)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabulary), vocabulary, $"vocabulary must be below {(1 << Bits) - 1}");
        }

        var model = new KneserNey(order, vocabulary);
        var top = model.grams[order - 1];
        foreach (var song in songs)
        {
            long key = 0;
            for (var i = 0; i < order - 1; i++)
            {
                key = model.Push(key, model.begin, order);
            }

            foreach (var token in song)
            {
                if ((uint)token >= vocabulary)
                {
                    throw new ArgumentException($"token {token} is outside the vocabulary of {vocabulary}", nameof(songs));
                }

                key = model.Push(key, token, order);
                top[key] = top.GetValueOrDefault(key) + 1;
            }
        }

        for (var n = order - 1; n >= 1; n--)
        {
            var lower = model.grams[n - 1];
            var mask = (1L << (Bits * n)) - 1;
            foreach (var key in model.grams[n].Keys)
            {
                lower[key & mask] = lower.GetValueOrDefault(key & mask) + 1;
            }
        }

        for (var n = 1; n <= order; n++)
        {
            var (once, twice) = (0, 0);
            foreach (var (key, count) in model.grams[n - 1])
            {
                var context = key >> Bits;
                var (total, distinct) = model.contexts[n - 1].GetValueOrDefault(context);
                model.contexts[n - 1][context] = (total + count, distinct + 1);
                once += count == 1 ? 1 : 0;
                twice += count == 2 ? 1 : 0;
            }

            // Ney's estimate D = n1 / (n1 + 2 n2), kept inside (0, 1) so no count becomes zero or negative.
            model.discounts[n - 1] = once + twice == 0 ? 0.5 : Math.Clamp(once / (once + 2.0 * twice), 0.05, 0.95);
        }

        return model;
    }

    /// <summary>P(token | the up to Order-1 tokens before it); <paramref name="history"/> may be shorter near a song's start.</summary>
    public double Probability(ReadOnlySpan<int> history, int token)
    {
        long context = 0;
        var padding = Math.Max(0, Order - 1 - history.Length);
        for (var i = 0; i < padding; i++)
        {
            context = Push(context, begin, Order - 1);
        }

        foreach (var earlier in history[Math.Max(0, history.Length - (Order - 1))..])
        {
            context = Push(context, earlier, Order - 1);
        }

        return Probability(context, token);
    }

    /// <summary>Scores every token of each song but the first, as the LSTM is scored (training's SongNll, `improv evaluate`).</summary>
    public Nll Score(IEnumerable<int[]> songs)
    {
        double total = 0;
        long count = 0;
        foreach (var song in songs)
        {
            long context = 0;
            for (var i = 0; i < Order - 1; i++)
            {
                context = Push(context, begin, Order - 1);
            }

            for (var i = 0; i < song.Length; i++)
            {
                if (i > 0)
                {
                    total -= Math.Log(Probability(context, song[i]));
                    count++;
                }

                context = Push(context, song[i], Order - 1);
            }
        }

        return new Nll(total, count);
    }

    /// <summary>Interpolates from the uniform distribution up to the full context; unseen contexts pass the lower estimate on.</summary>
    private double Probability(long context, int token)
    {
        var p = 1.0 / vocabulary;
        for (var n = 1; n <= Order; n++)
        {
            var history = context & ((1L << (Bits * (n - 1))) - 1);
            if (contexts[n - 1].TryGetValue(history, out var seen))
            {
                var count = grams[n - 1].GetValueOrDefault((history << Bits) | (long)token);
                var d = discounts[n - 1];
                p = (Math.Max(count - d, 0) + d * seen.Distinct * p) / seen.Total;
            }
        }

        return p;
    }

    /// <summary>Appends a token to a packed key, keeping only the newest <paramref name="length"/> tokens.</summary>
    private long Push(long key, int token, int length) =>
        ((key << Bits) | (long)token) & ((1L << (Bits * length)) - 1);
}
