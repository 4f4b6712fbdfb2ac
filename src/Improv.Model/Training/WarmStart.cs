using Improv.Model.Checkpoints;
using Improv.Model.Network;
using Improv.Music.Tokens;
using static TorchSharp.torch;

namespace Improv.Model.Training;

/// <summary>
/// Starts a network from a trained one in another vocabulary (v2 from v1): the LSTM layers are copied whole, and each
/// token's embedding row, output row and output bias (less ln k when one old token seeds k new ones) come from its counterpart in the old vocabulary
/// (<see cref="TokenVocabulary.CounterpartIn"/>). Tokens with no counterpart (the styles) keep their fresh
/// initialisation, with their output bias set to the old vocabulary's lowest so the model does not start by
/// predicting them. Training then only has to learn what is new: parts, styles and the corpora.
/// </summary>
public static class WarmStart
{
    /// <summary>Copies what corresponds from the checkpoint at <paramref name="from"/>; returns one line saying what it did.</summary>
    public static string Apply(MusicLstm network, TokenVocabulary vocabulary, string from)
    {
        var (source, info) = Checkpoint.Load(from);
        using (source)
        {
            var old = TokenVocabulary.Of(info.VocabularyVersion);
            if (source.Shape with { VocabularySize = network.Shape.VocabularySize, Dropout = network.Shape.Dropout } != network.Shape)
            {
                throw new ArgumentException(
                    $"warm start {from}: shape {Describe(source.Shape)} differs from this run's {Describe(network.Shape)} beyond the vocabulary");
            }

            var mapped = 0;
            using var _ = no_grad();
            var target = network.state_dict();
            var weights = source.state_dict();
            foreach (var (key, tensor) in weights)
            {
                if (key.StartsWith("lstm.", StringComparison.Ordinal))
                    target[key].copy_(tensor);
            }

            var (embedding, head, bias) = (target["embedding.weight"], target["head.weight"], target["head.bias"]);
            var lowest = weights["head.bias"].min().item<float>();
            // An old token that seeds k new ones (v1 NOTE_ON_60 -> both parts) gives each ln k less bias, so together
            // they start with the old token's probability.
            var seeds = Enumerable.Range(0, vocabulary.Size).Select(t => vocabulary.CounterpartIn(old, t)).Where(c => c >= 0)
                .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
            for (var token = 0; token < vocabulary.Size; token++)
            {
                var counterpart = vocabulary.CounterpartIn(old, token);
                if (counterpart < 0)
                {
                    bias[token] = lowest;
                    continue;
                }

                embedding[token].copy_(weights["embedding.weight"][counterpart]);
                head[token].copy_(weights["head.weight"][counterpart]);
                bias[token] = weights["head.bias"][counterpart].item<float>() - (float)Math.Log(seeds[counterpart]);
                mapped++;
            }

            return $"warm start from {Checkpoint.Resolve(from)} ({old.Version}): LSTM copied, {mapped} of {vocabulary.Size} token rows mapped";
        }
    }

    private static string Describe(ModelShape s) => $"E={s.EmbeddingSize} H={s.HiddenSize} L={s.Layers}";
}
