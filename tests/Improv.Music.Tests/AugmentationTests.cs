using CsCheck;
using Improv.Music.Corpus;
using Improv.Music.Notes;

namespace Improv.Music.Tests;

public sealed class AugmentationTests
{
    private static readonly Gen<Note[]> PianoNotes =
        Gen.Select(Gen.Int[PianoRange.Lowest, PianoRange.Highest], Gen.Int[1, 127], Gen.Double[0, 60], Gen.Double[0.01, 4])
            .Select((pitch, velocity, start, length) => new Note(pitch, velocity, start, start + length))
            .Array[1, 50];

    [Fact]
    public void Augmentation_transposes_every_note_alike_within_5_semitones_and_keeps_the_piano_range()
    {
        Gen.Select(PianoNotes, Gen.Int).Sample((notes, seed) =>
        {
            var augmented = new Augmentation().Apply(notes, new Random(seed));

            Assert.Equal(notes.Length, augmented.Count);
            var shifts = notes.Zip(augmented, (before, after) => after.Pitch - before.Pitch).Distinct().ToArray();
            Assert.Single(shifts);
            Assert.InRange(shifts[0], -5, 5);
            Assert.All(augmented, n => Assert.True(PianoRange.Contains(n.Pitch), $"pitch {n.Pitch} left the piano"));
        }, iter: 2000);
    }

    [Fact]
    public void Augmentation_stretches_time_by_one_factor_within_5_percent()
    {
        Gen.Select(PianoNotes, Gen.Int).Sample((notes, seed) =>
        {
            var augmented = new Augmentation().Apply(notes, new Random(seed));

            var factors = notes.Zip(augmented, (before, after) => after.End / before.End).ToArray();
            Assert.All(factors, f => Assert.InRange(f, 0.95, 1.05));
            Assert.All(factors, f => Assert.Equal(factors[0], f, 9));
            Assert.All(notes.Zip(augmented), pair => Assert.Equal(pair.First.Velocity, pair.Second.Velocity));
        }, iter: 1000);
    }

    [Fact]
    public void A_song_at_the_top_of_the_keyboard_is_only_transposed_down()
    {
        Note[] notes = [new(PianoRange.Highest, 100, 0, 1), new(60, 100, 0, 1)];

        var shifts = Enumerable.Range(0, 200).Select(seed => new Augmentation().Apply(notes, new Random(seed))[0].Pitch - PianoRange.Highest).ToHashSet();

        Assert.Equal(Enumerable.Range(-5, 6).ToHashSet(), shifts);
    }

    [Fact]
    public void Only_training_songs_are_augmented()
    {
        var songs = Enumerable.Range(1, 60)
            .Select(i => new Song(i.ToString("000"), [new Note(40 + i % 30, 80, i, i + 1)]))
            .ToList();
        var splits = CorpusSplits.Of(songs);

        var epoch = splits.AugmentedTrain(new Augmentation(), new Random(1)).ToList();

        Assert.Equal(splits.Train.Select(s => s.Id), epoch.Select(s => s.Id));
        Assert.Contains(epoch.Zip(splits.Train), pair => !pair.First.Notes.SequenceEqual(pair.Second.Notes));
        Assert.All(splits.Valid.Concat(splits.Test), s => Assert.Same(songs.First(o => o.Id == s.Id).Notes, s.Notes));
        Assert.NotEmpty(splits.Valid.Concat(splits.Test));
    }
}
