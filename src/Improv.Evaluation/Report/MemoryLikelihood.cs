using Improv.Host.Improvisation;
using Improv.Inference.Step;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Evaluation.Report;

/// <summary>
/// The session memory measured as dynamic evaluation: each piece scored token by token with the LSTM's distribution
/// mixed with a <see cref="SessionMemory"/> that has heard the piece so far, exactly as the daemon mixes it before a
/// choice (<see cref="SessionMemory.Mix"/>), at each weight asked. Weight 0 is the LSTM alone. The LSTM's logits come
/// from the sequence graph in chunks (as <see cref="SplitLikelihood"/>), so every weight costs only the memory's work.
/// </summary>
public static class MemoryLikelihood
{
    /// <summary>NLL of one weight over the pieces: nats in all, tokens scored, notes (NOTE_ON tokens) among them.</summary>
    public sealed record Row(MemoryWeight Weight, double Nats, long Tokens, long Notes)
    {
        public double NllPerToken => Nats / Tokens;

        public double NllPerNote => Notes == 0 ? double.NaN : Nats / Notes;
    }

    /// <summary>Scores <paramref name="pieces"/> (each START ... END) at every weight in <paramref name="weights"/>.</summary>
    public static IReadOnlyList<Row> Of(StepSession session, IReadOnlyList<int[]> pieces, IReadOnlyList<MemoryWeight> weights)
    {
        var vocabulary = session.Vocabulary;
        var nats = new double[weights.Count];
        long tokens = 0, notes = 0;
        var memories = weights.Select(_ => new SessionMemory(vocabulary)).ToArray();
        foreach (var piece in pieces)
        {
            foreach (var memory in memories)
            {
                memory.Clear();
                memory.Observe(piece[0], []);
            }

            SplitLikelihood.Predict(session, piece, (logits, next) =>
            {
                for (var w = 0; w < weights.Count; w++)
                {
                    nats[w] -= Nll.LogProbability(memories[w].Mix(logits, weights[w]), next);
                    memories[w].Observe(next, logits);
                }

                tokens++;
                notes += vocabulary.KindOf(next) == TokenKind.NoteOn ? 1 : 0;
            });
        }

        return [.. weights.Select((w, i) => new Row(w, nats[i], tokens, notes))];
    }
}
