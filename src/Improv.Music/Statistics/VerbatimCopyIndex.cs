namespace Improv.Music.Statistics;

/// <summary>Where a sample copies its training data most: a run of <see cref="Length"/> tokens at <see cref="SampleStart"/> equal to the one at <see cref="SongOffset"/> of training song <see cref="Song"/>.</summary>
public readonly record struct CommonRun(int Length, int SampleStart, int Song, int SongOffset);

/// <summary>
/// A suffix array over a training split's token sequences, to find the longest token run a generated sample shares
/// verbatim with any one training song. Built once (a few seconds for millions of tokens); each query costs
/// O(sample length x log(corpus length)) comparisons.
/// </summary>
public sealed class VerbatimCopyIndex
{
    // Songs are joined with a separator no sample contains, so no match crosses from one song into the next.
    private const int Separator = -1;

    private readonly int[] _text;
    private readonly int[] _suffixes;
    private readonly int[] _songStarts;

    public VerbatimCopyIndex(IReadOnlyList<int[]> songs)
    {
        _songStarts = new int[songs.Count];
        var length = 0L;
        for (var s = 0; s < songs.Count; s++)
        {
            _songStarts[s] = (int)length;
            length += songs[s].Length + 1;
        }

        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"the training split has {length} tokens; the index holds at most {Array.MaxLength}", nameof(songs));
        }

        _text = new int[length];
        for (var s = 0; s < songs.Count; s++)
        {
            foreach (var token in songs[s])
            {
                if (token < 0)
                {
                    throw new ArgumentException($"song {s} holds token {token}: token ids are never negative", nameof(songs));
                }
            }

            songs[s].CopyTo(_text, _songStarts[s]);
            _text[_songStarts[s] + songs[s].Length] = Separator;
        }

        _suffixes = SuffixArray.Build(_text);
    }

    /// <summary>Number of indexed tokens, separators included.</summary>
    public int Length => _text.Length;

    /// <summary>The longest run of <paramref name="sample"/> found verbatim in one training song (length 0 when no token occurs there).</summary>
    public CommonRun LongestRun(ReadOnlySpan<int> sample)
    {
        var best = new CommonRun(0, 0, 0, 0);
        for (var start = 0; start < sample.Length && sample.Length - start > best.Length; start++)
        {
            var (length, position) = LongestPrefixMatch(sample[start..]);
            if (length > best.Length)
            {
                var song = Array.BinarySearch(_songStarts, position);
                song = song >= 0 ? song : ~song - 1;
                best = new CommonRun(length, start, song, position - _songStarts[song]);
            }
        }

        return best;
    }

    // The suffix sharing the longest prefix with the pattern sits next to the pattern's place in sorted order.
    private (int Length, int Position) LongestPrefixMatch(ReadOnlySpan<int> pattern)
    {
        int low = 0, high = _suffixes.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (Compare(_suffixes[middle], pattern) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var best = (Length: 0, Position: 0);
        foreach (var rank in new[] { low - 1, low })
        {
            if (rank >= 0 && rank < _suffixes.Length)
            {
                var length = CommonPrefix(_suffixes[rank], pattern);
                if (length > best.Length)
                {
                    best = (length, _suffixes[rank]);
                }
            }
        }

        return best;
    }

    private int Compare(int suffix, ReadOnlySpan<int> pattern)
    {
        var common = CommonPrefix(suffix, pattern);
        if (common == pattern.Length)
        {
            return 0;
        }

        return suffix + common == _text.Length ? -1 : _text[suffix + common].CompareTo(pattern[common]);
    }

    private int CommonPrefix(int suffix, ReadOnlySpan<int> pattern) =>
        _text.AsSpan(suffix, Math.Min(pattern.Length, _text.Length - suffix)).CommonPrefixLength(pattern);
}
