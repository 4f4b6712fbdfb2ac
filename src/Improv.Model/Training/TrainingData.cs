using Improv.Music.Corpus;
using Improv.Music.Tokens;

namespace Improv.Model.Training;

/// <summary>
/// The token sequences (one per song, START ... END) a run trains and evaluates on. Training songs are asked for per epoch
/// so augmentation can differ each epoch; the answer must depend only on the epoch, which makes resuming exact.
/// </summary>
/// <param name="Identity">A hash of the split's song ids and the vocabulary version: a checkpoint records it.</param>
public sealed record TrainingData(
    Func<int, IReadOnlyList<int[]>> TrainingSongs,
    IReadOnlyList<int[]> Train,
    IReadOnlyList<int[]> Valid,
    IReadOnlyList<int[]> Test,
    string Identity)
{
    /// <summary>The vocabulary the songs are encoded in.</summary>
    public TokenVocabulary Vocabulary { get; init; } = TokenVocabulary.PerformanceV1;

    /// <summary>The un-augmented songs of a split.</summary>
    public IReadOnlyList<int[]> Of(Split split) => split switch
    {
        Split.Train => Train,
        Split.Valid => Valid,
        _ => Test,
    };
}
