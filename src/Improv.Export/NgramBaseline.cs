using Improv.Inference.Model;
using Improv.Music.Corpus;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Export;

/// <summary>
/// The n-gram baseline the training run compared against, measured again for the manifest: the checkpoint does not
/// keep it, and it needs only the corpus (a few seconds).
/// </summary>
public static class NgramBaseline
{
    /// <summary>Trains the <see cref="KneserNey.BaselineOrder"/>-gram Kneser-Ney model on the corpus's train split and scores valid and test.</summary>
    public static BaselineNll Measure(string corpusDirectory, TextWriter warnings)
    {
        var splits = CorpusSplits.Of(CorpusLoader.Load(corpusDirectory, warnings));
        int[][] Pieces(Split split) => [.. splits[split].AsParallel().AsOrdered().Select(s => PerformanceEncoder.EncodePiece(s.Notes))];
        var model = KneserNey.Train(Pieces(Split.Train), KneserNey.BaselineOrder, Vocabulary.Size);
        return new BaselineNll($"{KneserNey.BaselineOrder}-gram Kneser-Ney",
            model.Score(Pieces(Split.Valid)).PerToken, model.Score(Pieces(Split.Test)).PerToken);
    }
}
