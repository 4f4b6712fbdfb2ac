using Improv.Model.Training;
using Improv.Music.Tokens;

namespace Improv.Model.Tests;

/// <summary>
/// Token songs from a fixed random second-order Markov chain with few likely successors: learnable structure an
/// LSTM and an n-gram model can both find, with a known-better-than-uniform entropy.
/// </summary>
internal static class SyntheticSongs
{
    private const int Alphabet = 40;

    public static TrainingData Data(int trainSongs = 24, int otherSongs = 4, int length = 400) => new(
        _ => Songs(trainSongs, length, 1),
        Songs(trainSongs, length, 1),
        Songs(otherSongs, length, 2),
        Songs(otherSongs, length, 3),
        Identity: "synthetic-v1");

    public static int[][] Songs(int count, int length, int seed)
    {
        var chain = new Random(77);
        var successors = new int[Alphabet, Alphabet][];
        for (var a = 0; a < Alphabet; a++)
        {
            for (var b = 0; b < Alphabet; b++)
            {
                successors[a, b] = [chain.Next(Alphabet), chain.Next(Alphabet), chain.Next(Alphabet)];
            }
        }

        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var song = new int[length];
            song[0] = Vocabulary.StartToken;
            int previous = random.Next(Alphabet), current = random.Next(Alphabet);
            for (var t = 1; t < length - 1; t++)
            {
                var options = successors[previous, current];
                var next = random.NextDouble() < 0.8 ? options[0] : options[random.Next(3)];
                song[t] = TokenOf(next);
                (previous, current) = (current, next);
            }

            song[^1] = Vocabulary.EndToken;
            return song;
        }).ToArray();
    }

    /// <summary>Spreads the alphabet over note-on, time-shift and velocity ids so it looks like the real vocabulary.</summary>
    private static int TokenOf(int symbol) => symbol switch
    {
        < 20 => Vocabulary.NoteOn(50 + symbol),
        < 30 => Vocabulary.TimeShift(symbol - 19),
        _ => Vocabulary.Velocity(symbol - 30),
    };
}
