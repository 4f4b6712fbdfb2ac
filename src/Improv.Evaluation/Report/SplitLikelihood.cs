using Improv.Inference.Step;
using Improv.Music.Statistics;

namespace Improv.Evaluation.Report;

/// <summary>
/// The ONNX model's negative log-likelihood on whole songs, scored as training scores the LSTM: each song
/// (START ... END) from a zero state, every token but the first predicted from all before it.
/// </summary>
public static class SplitLikelihood
{
    // The sequence graph returns logits for every position: chunks bound that buffer (2048 x 390 floats, 3 MB).
    private const int Chunk = 2048;

    /// <summary>What the model predicted for a token (its logits) and the token that came.</summary>
    public delegate void Prediction(ReadOnlySpan<float> logits, int next);

    public static Nll Of(StepSession session, IEnumerable<int[]> pieces)
    {
        double total = 0;
        long count = 0;
        foreach (var piece in pieces)
        {
            Predict(session, piece, (logits, next) =>
            {
                total -= Nll.LogProbability(logits, next);
                count++;
            });
        }

        return new Nll(total, count);
    }

    /// <summary>Scores <paramref name="piece"/> from a zero state and hands each of its tokens but the first, in order, with the logits that predicted it, to <paramref name="each"/>.</summary>
    public static void Predict(StepSession session, int[] piece, Prediction each)
    {
        session.Reset();
        // Row t of a chunk's logits scores token t + 1, so the chunk's last row scores the next chunk's first token.
        for (var start = 0; start < piece.Length - 1; start += Chunk)
        {
            var length = Math.Min(Chunk, piece.Length - 1 - start);
            var logits = session.Score(piece.AsSpan(start, length));
            for (var t = 0; t < length; t++)
            {
                each(logits.AsSpan(t * session.VocabularySize, session.VocabularySize), piece[start + t + 1]);
            }
        }
    }
}
