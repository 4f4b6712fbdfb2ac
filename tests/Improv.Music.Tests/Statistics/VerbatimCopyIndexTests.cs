using CsCheck;
using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

public class VerbatimCopyIndexTests
{
    [Fact]
    public void A_planted_run_is_found_with_its_length_and_both_positions()
    {
        // Training tokens 0-199, sample background 200-389: the only shared tokens are the 50 planted ones.
        var random = new Random(7);
        var songs = Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, 5000).Select(_ => random.Next(200)).ToArray()).ToArray();
        var sample = Enumerable.Range(0, 800).Select(_ => 200 + random.Next(190)).ToArray();
        songs[13].AsSpan(1234, 50).CopyTo(sample.AsSpan(321));

        var run = new VerbatimCopyIndex(songs).LongestRun(sample);

        Assert.Equal(new CommonRun(50, 321, 13, 1234), run);
    }

    [Fact]
    public void A_run_never_crosses_from_one_song_into_the_next()
    {
        var index = new VerbatimCopyIndex([[1, 2, 3], [4, 5, 6]]);

        Assert.Equal(new CommonRun(2, 0, 0, 1), index.LongestRun([2, 3, 4, 5]));
        Assert.Equal(new CommonRun(3, 1, 1, 0), index.LongestRun([9, 4, 5, 6, 9]));
    }

    [Fact]
    public void A_sample_with_no_training_token_shares_nothing()
    {
        Assert.Equal(0, new VerbatimCopyIndex([[1, 2, 3]]).LongestRun([7, 8, 9]).Length);
        Assert.Equal(0, new VerbatimCopyIndex([]).LongestRun([7, 8, 9]).Length);
    }

    [Fact]
    public void The_longest_run_equals_brute_force_on_small_alphabets_with_many_repeats()
    {
        var songs = Gen.Int[0, 2].Array[0, 200].Array[1, 4];
        var sample = Gen.Int[0, 3].Array[0, 60];

        Gen.Select(songs, sample).Sample((trainingSongs, generated) =>
        {
            var run = new VerbatimCopyIndex(trainingSongs).LongestRun(generated);

            Assert.Equal(BruteForceLongest(trainingSongs, generated), run.Length);
            if (run.Length > 0)
            {
                Assert.Equal(
                    generated.AsSpan(run.SampleStart, run.Length).ToArray(),
                    trainingSongs[run.Song].AsSpan(run.SongOffset, run.Length).ToArray());
            }
        });
    }

    [Fact]
    public void Negative_training_tokens_are_refused_by_song()
    {
        var error = Assert.Throws<ArgumentException>(() => new VerbatimCopyIndex([[1], [2, -5]]));

        Assert.Contains("song 1 holds token -5", error.Message);
    }

    private static int BruteForceLongest(int[][] songs, int[] sample)
    {
        var best = 0;
        foreach (var song in songs)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                for (var j = 0; j < song.Length; j++)
                {
                    var length = 0;
                    while (i + length < sample.Length && j + length < song.Length && sample[i + length] == song[j + length])
                    {
                        length++;
                    }

                    best = Math.Max(best, length);
                }
            }
        }

        return best;
    }
}
