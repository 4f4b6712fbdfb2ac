namespace Improv.Music.Statistics;

/// <summary>
/// Self-BLEU (Zhu et al. 2018, Texygen): the mean BLEU-4 of each sample against all the others as references.
/// 1 when the samples are the same, 0 when they share no 4-gram; lower means more diverse.
/// </summary>
public static class SelfBleu
{
    /// <summary>Mean over samples of BLEU-4 (uniform weights, no smoothing) with every other sample as a reference; needs 2 samples.</summary>
    public static double Of(IReadOnlyList<int[]> samples)
    {
        if (samples.Count < 2)
        {
            throw new ArgumentException($"Self-BLEU compares samples with each other: got {samples.Count} sample(s), need at least 2", nameof(samples));
        }

        var counts = new Dictionary<ulong, int>[NGrams.MaxOrder][];
        var referenceMax = new Dictionary<ulong, TopTwo>[NGrams.MaxOrder];
        for (var order = 0; order < NGrams.MaxOrder; order++)
        {
            counts[order] = samples.Select(sample => NGrams.Count(sample, order + 1)).ToArray();
            referenceMax[order] = TopCounts(counts[order]);
        }

        var total = 0.0;
        for (var s = 0; s < samples.Count; s++)
        {
            total += Bleu(s, samples, counts, referenceMax);
        }

        return total / samples.Count;
    }

    private static double Bleu(int hypothesis, IReadOnlyList<int[]> samples, Dictionary<ulong, int>[][] counts, Dictionary<ulong, TopTwo>[] referenceMax)
    {
        var logPrecision = 0.0;
        for (var order = 0; order < NGrams.MaxOrder; order++)
        {
            int clipped = 0, all = 0;
            foreach (var (key, count) in counts[order][hypothesis])
            {
                clipped += Math.Min(count, referenceMax[order][key].ExcludingSample(hypothesis));
                all += count;
            }

            if (clipped == 0)
            {
                return 0;
            }

            logPrecision += Math.Log((double)clipped / all) / NGrams.MaxOrder;
        }

        return BrevityPenalty(hypothesis, samples) * Math.Exp(logPrecision);
    }

    // Papineni et al. 2002 with NLTK's choice of reference length: the closest one, the shorter on a tie.
    private static double BrevityPenalty(int hypothesis, IReadOnlyList<int[]> samples)
    {
        var length = samples[hypothesis].Length;
        var closest = samples.Where((_, s) => s != hypothesis)
            .Select(sample => sample.Length)
            .MinBy(reference => (Math.Abs(reference - length), reference));
        return length > closest ? 1 : Math.Exp(1 - (double)closest / length);
    }

    // The clipping count is the largest count among the *other* samples; keeping the top two per n-gram gives it in
    // O(1) instead of a pass over all samples per hypothesis.
    private static Dictionary<ulong, TopTwo> TopCounts(Dictionary<ulong, int>[] perSample)
    {
        var top = new Dictionary<ulong, TopTwo>();
        for (var s = 0; s < perSample.Length; s++)
        {
            foreach (var (key, count) in perSample[s])
            {
                var current = top.GetValueOrDefault(key, new TopTwo(0, -1, 0));
                top[key] = count > current.First
                    ? new TopTwo(count, s, current.First)
                    : current with { Second = Math.Max(current.Second, count) };
            }
        }

        return top;
    }

    private readonly record struct TopTwo(int First, int Holder, int Second)
    {
        public int ExcludingSample(int sample) => sample == Holder ? Second : First;
    }
}
