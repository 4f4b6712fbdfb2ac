namespace Improv.Music.Statistics;

/// <summary>A model's total negative log-likelihood over a set of songs, in nats.</summary>
public readonly record struct Nll(double TotalNats, long Tokens)
{
    public double PerToken => Tokens == 0 ? double.NaN : TotalNats / Tokens;

    public double Perplexity => Math.Exp(PerToken);
}
