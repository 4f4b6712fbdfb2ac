namespace Improv.Host.Improvisation;

/// <summary>
/// Draws the next token from the model's logits under temperature, nucleus (top-p) and a mask of allowed tokens.
/// Runs on the inference path: every buffer is allocated once, here.
/// </summary>
public sealed class TokenSampler
{
    private readonly float[] weights;
    private readonly float[] sortKeys;
    private readonly int[] candidates;
    private readonly Random random;

    public TokenSampler(int vocabularySize, int seed)
    {
        weights = new float[vocabularySize];
        sortKeys = new float[vocabularySize];
        candidates = new int[vocabularySize];
        random = new Random(seed);
    }

    /// <summary>
    /// The sampled token id, or -1 when the mask allows none. <paramref name="temperature"/> above 0 (near 0 is greedy);
    /// <paramref name="topP"/> in (0, 1], 1 keeps the whole distribution.
    /// </summary>
    public int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<bool> allowed, float temperature, float topP)
    {
        var count = 0;
        var max = float.NegativeInfinity;
        for (var token = 0; token < logits.Length; token++)
        {
            if (allowed[token] && float.IsFinite(logits[token]))
            {
                candidates[count++] = token;
                max = MathF.Max(max, logits[token]);
            }
        }

        if (count == 0)
        {
            return -1;
        }

        var inverseTemperature = 1f / MathF.Max(temperature, 1e-4f);
        var total = 0f;
        for (var i = 0; i < count; i++)
        {
            var weight = MathF.Exp((logits[candidates[i]] - max) * inverseTemperature);
            weights[i] = weight;
            total += weight;
        }

        if (topP < 1f)
        {
            count = KeepNucleus(count, total * topP, out total);
        }

        var threshold = (float)random.NextDouble() * total;
        for (var i = 0; i < count - 1; i++)
        {
            threshold -= weights[i];
            if (threshold < 0f)
            {
                return candidates[i];
            }
        }

        return candidates[count - 1];
    }

    /// <summary>Sorts candidates by weight, most likely first, and keeps the smallest prefix holding <paramref name="mass"/>.</summary>
    private int KeepNucleus(int count, float mass, out float keptTotal)
    {
        var keys = sortKeys.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            keys[i] = -weights[i];
        }

        var order = candidates.AsSpan(0, count);
        keys.Sort(order);
        keptTotal = 0f;
        var kept = 0;
        while (kept < count && keptTotal < mass)
        {
            weights[kept] = -keys[kept];
            keptTotal += weights[kept];
            kept++;
        }

        return kept;
    }
}
