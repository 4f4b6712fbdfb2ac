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

    public static Nll Of(StepSession session, IEnumerable<int[]> pieces)
    {
        double total = 0;
        long count = 0;
        foreach (var piece in pieces)
        {
            session.Reset();
            // Row t of a chunk's logits scores token t + 1, so the chunk's last row scores the next chunk's first token.
            for (var start = 0; start < piece.Length - 1; start += Chunk)
            {
                var length = Math.Min(Chunk, piece.Length - 1 - start);
                var logits = session.Score(piece.AsSpan(start, length));
                for (var t = 0; t < length; t++)
                {
                    total -= Nll.LogProbability(logits.AsSpan(t * session.VocabularySize, session.VocabularySize), piece[start + t + 1]);
                }

                count += length;
            }
        }

        return new Nll(total, count);
    }
}
