namespace Improv.Music.Statistics;

/// <summary>A model's total negative log-likelihood over a set of songs, in nats.</summary>
public readonly record struct Nll(double TotalNats, long Tokens)
{
    public double PerToken => Tokens == 0 ? double.NaN : TotalNats / Tokens;

    public double Perplexity => Math.Exp(PerToken);

    /// <summary>log softmax(logits)[token], in double, shifted by the maximum so no exponent overflows.</summary>
    public static double LogProbability(ReadOnlySpan<float> logits, int token)
    {
        double max = float.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        double sum = 0;
        foreach (var l in logits)
        {
            sum += Math.Exp(l - max);
        }

        return logits[token] - max - Math.Log(sum);
    }
}
