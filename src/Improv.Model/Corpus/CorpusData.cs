using Improv.Model.Training;
using Improv.Music.Corpus;
using Improv.Music.Tokens;

namespace Improv.Model.Corpus;

/// <summary>
/// A MIDI corpus folder as the token songs a run needs: each song framed START ... END, training songs freshly
/// augmented every epoch (transposition, tempo stretch) from a seed of (run seed, epoch, song), validation and
/// test songs as recorded.
/// </summary>
public static class CorpusData
{
    public static TrainingData Load(string directory, TrainingConfig config, TextWriter warnings)
    {
        var splits = CorpusSplits.Of(CorpusLoader.Load(directory, warnings));
        foreach (var split in Enum.GetValues<Split>())
        {
            if (splits[split].Count == 0)
            {
                throw new InvalidDataException($"{directory}: no {split} songs; a corpus needs songs in every split");
            }
        }

        var augmentation = new Augmentation(config.MaxTransposeSemitones, config.MaxTempoStretch);
        IReadOnlyList<int[]> Augmented(int epoch) => splits.Train
            .Select((song, index) => (song, index))
            .AsParallel()
            .AsOrdered()
            .Select(s => PerformanceEncoder.EncodePiece(
                augmentation.Apply(s.song.Notes, new Random(Seeds.Of(config.Seed, 3, (long)epoch << 20 | (uint)s.index)))))
            .ToArray();

        return new TrainingData(Augmented, Encode(splits.Train), Encode(splits.Valid), Encode(splits.Test), splits.Identity());
    }

    private static int[][] Encode(IReadOnlyList<Song> songs) =>
        songs.AsParallel().AsOrdered().Select(s => PerformanceEncoder.EncodePiece(s.Notes)).ToArray();
}
