using Improv.Inference.Model;
using Improv.Music.Corpus;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Export;

/// <summary>
/// The n-gram baseline the training run compared against, measured again for the manifest: the checkpoint does not
/// keep it, and it needs only the corpus (seconds for POP909, about a minute for the catalog of corpora).
/// </summary>
public static class NgramBaseline
{
    /// <summary>
    /// Trains the <see cref="KneserNey.BaselineOrder"/>-gram Kneser-Ney model on the train split of a corpus folder or
    /// catalog, encoded as training encodes it (the one pipeline, <see cref="CorpusSet"/>), and scores valid and test.
    /// </summary>
    public static BaselineNll Measure(string corpus, TokenVocabulary vocabulary, TextWriter warnings)
    {
        var set = CorpusSet.Load(corpus, warnings);
        set.Require(Enum.GetValues<Split>());
        var data = set.Encode(vocabulary);
        var model = KneserNey.Train(data.Train, KneserNey.BaselineOrder, vocabulary.Size);
        return new BaselineNll($"{KneserNey.BaselineOrder}-gram Kneser-Ney", model.Score(data.Valid).PerToken, model.Score(data.Test).PerToken);
    }
}
