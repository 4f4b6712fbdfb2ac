using Improv.Model.Network;
using Improv.Music.Statistics;
using static TorchSharp.torch;

namespace Improv.Model.Evaluation;

/// <summary>
/// Scores an LSTM the way it is used: every song from a zero state, the state carried through the whole song.
/// Every token but each song's first is predicted, the same tokens the n-gram baseline is scored on.
/// </summary>
public static class SongNll
{
    private const int Chunk = 256;

    public static Nll Of(MusicLstm network, IReadOnlyList<int[]> songs, int batchSize)
    {
        var wasTraining = network.training;
        network.eval();
        using var noGrad = no_grad();
        double total = 0;
        long count = 0;

        // Longest first so each batch pads little.
        var sorted = songs.Where(s => s.Length > 1).OrderByDescending(s => s.Length).ToArray();
        for (var first = 0; first < sorted.Length; first += batchSize)
        {
            var group = sorted.AsSpan(first, Math.Min(batchSize, sorted.Length - first)).ToArray();
            var (nats, tokens) = Batch(network, group);
            total += nats;
            count += tokens;
        }

        network.train(wasTraining);
        return new Nll(total, count);
    }

    private static (double Nats, long Tokens) Batch(MusicLstm network, int[][] group)
    {
        var width = group[0].Length;
        var tokens = new long[group.Length * width];
        var mask = new float[group.Length * width];
        for (var b = 0; b < group.Length; b++)
        {
            for (var t = 0; t < group[b].Length; t++)
            {
                tokens[b * width + t] = group[b][t];
                mask[b * width + t] = 1;
            }
        }

        using var all = tensor(tokens, new long[] { group.Length, width });
        using var valid = tensor(mask, new long[] { group.Length, width });
        (Tensor H, Tensor C)? state = null;
        double nats = 0;
        for (var start = 0; start < width - 1; start += Chunk)
        {
            var length = Math.Min(Chunk, width - 1 - start);
            using var scope = NewDisposeScope();
            var input = all.narrow(1, start, length);
            var target = all.narrow(1, start + 1, length);
            var weight = valid.narrow(1, start + 1, length);
            var (logits, next) = network.call(input, state);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), target.reshape(-1),
                reduction: nn.Reduction.None);
            nats += (loss * weight.reshape(-1)).sum().to(ScalarType.Float64).item<double>();
            state?.H.Dispose();
            state?.C.Dispose();
            state = (next.H.MoveToOuterDisposeScope(), next.C.MoveToOuterDisposeScope());
        }

        state?.H.Dispose();
        state?.C.Dispose();
        return (nats, group.Sum(s => (long)s.Length - 1));
    }
}
