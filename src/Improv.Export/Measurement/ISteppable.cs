namespace Improv.Export.Measurement;

/// <summary>An LSTM that can be fed one token at a time and asked for the next token's logits.</summary>
public interface ISteppable
{
    ReadOnlySpan<float> Logits { get; }

    void Feed(int token);

    void Reset();
}
