using Improv.Inference.Step;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Host.Improvisation;

/// <summary>
/// Names the style a player plays in, as the model hears it: the player's notes are scored under each style the model
/// was told in training (START, STYLE, then the notes), and the style under which they are likeliest wins (Bayes with
/// equal priors). One sequence-graph run per style on a session of its own, so it never touches the state the daemon
/// plays with; it allocates, and runs off the real-time threads (<see cref="PlayerListener"/>) and offline.
/// </summary>
public sealed class StyleInference(StepSession session)
{
    private readonly TokenVocabulary vocabulary = session.Vocabulary;

    /// <summary>The styles it chooses among: the manifest's, without `any` (which tells the model nothing).</summary>
    public IReadOnlyList<string> Candidates { get; } =
        [.. session.Vocabulary.Styles.Where(s => !string.Equals(s, Style.Any, StringComparison.OrdinalIgnoreCase))];

    /// <summary>
    /// The likeliest style of <paramref name="notes"/> (moved to start at 0, as a piece does after its style token), or
    /// null when the model knows no styles or there are no notes. Leaves the session reset.
    /// </summary>
    public string? Infer(IReadOnlyList<Note> notes)
    {
        if (Candidates.Count == 0 || notes.Count == 0)
        {
            return null;
        }

        var start = notes.Min(n => n.Start);
        var events = PerformanceEncoder.Encode([.. notes.Select(n => n with { Start = n.Start - start, End = n.End - start })], vocabulary);
        var tokens = new int[events.Length + 2];
        tokens[0] = vocabulary.StartToken;
        events.CopyTo(tokens, 2);
        string? best = null;
        var bestNats = double.PositiveInfinity;
        foreach (var style in Candidates)
        {
            tokens[1] = vocabulary.StyleToken(style);
            session.Reset();
            var logits = session.Score(tokens);
            var size = session.VocabularySize;
            var nats = 0.0;
            // Row t scores token t + 1; the notes' tokens start at 2.
            for (var t = 2; t < tokens.Length; t++)
            {
                nats -= Nll.LogProbability(logits.AsSpan((t - 1) * size, size), tokens[t]);
            }

            if (nats < bestNats)
            {
                (best, bestNats) = (style, nats);
            }
        }

        session.Reset();
        return best;
    }
}
