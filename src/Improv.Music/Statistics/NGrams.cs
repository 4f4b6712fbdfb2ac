namespace Improv.Music.Statistics;

/// <summary>Counting the n-grams (n = 1..4) of token sequences, each packed 16 bits per token into one 64-bit key.</summary>
public static class NGrams
{
    public const int MaxOrder = 4;

    /// <summary>How often each n-gram of <paramref name="tokens"/> occurs; tokens must be 0..65535.</summary>
    public static Dictionary<ulong, int> Count(ReadOnlySpan<int> tokens, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxOrder);
        var counts = new Dictionary<ulong, int>();
        for (var start = 0; start + n <= tokens.Length; start++)
        {
            var key = 0UL;
            for (var k = 0; k < n; k++)
            {
                var token = tokens[start + k];
                if ((uint)token > ushort.MaxValue)
                {
                    throw new ArgumentException($"token {token} at position {start + k} is outside 0..65535, the range n-gram keys can hold", nameof(tokens));
                }

                key = (key << 16) | (uint)token;
            }

            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    /// <summary>
    /// Distinct-n (Li et al. 2016): distinct n-grams over all n-grams, pooled across the samples; 1 when nothing
    /// repeats, near 0 when the samples loop. 0 when no sample is n tokens long.
    /// </summary>
    public static double DistinctN(IEnumerable<int[]> samples, int n)
    {
        var distinct = new HashSet<ulong>();
        var total = 0;
        foreach (var sample in samples)
        {
            foreach (var (key, count) in Count(sample, n))
            {
                distinct.Add(key);
                total += count;
            }
        }

        return total == 0 ? 0 : (double)distinct.Count / total;
    }
}
