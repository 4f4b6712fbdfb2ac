namespace Improv.Music.Statistics;

/// <summary>
/// Suffix-array construction by prefix doubling with one counting sort per round (Manber and Myers 1993; the
/// second key's order comes free from the previous round). No maintained .NET package builds suffix arrays over
/// integer alphabets, so this is hand-written; O(n log L) for a longest repeat of L tokens.
/// </summary>
internal static class SuffixArray
{
    /// <summary>The start positions of all suffixes of <paramref name="text"/> in lexicographic order (a shorter prefix first).</summary>
    public static int[] Build(int[] text)
    {
        var n = text.Length;
        var suffixes = new int[n];
        var rank = new int[n];
        var next = new int[n];
        var byNext = new int[n];
        if (n == 0)
        {
            return suffixes;
        }

        var alphabet = text.Distinct().Order().ToArray();
        for (var i = 0; i < n; i++)
        {
            rank[i] = Array.BinarySearch(alphabet, text[i]);
        }

        var classes = alphabet.Length;
        var counts = new int[Math.Max(classes, n) + 1];
        CountingSort(Enumerable.Range(0, n).ToArray(), rank, classes, counts, suffixes);
        for (var width = 1; classes < n; width *= 2)
        {
            // Suffixes without a second half sort first; the rest follow in the order of their second half.
            var filled = 0;
            for (var i = n - width; i < n; i++)
            {
                byNext[filled++] = i;
            }

            foreach (var suffix in suffixes)
            {
                if (suffix >= width)
                {
                    byNext[filled++] = suffix - width;
                }
            }

            CountingSort(byNext, rank, classes, counts, suffixes);
            next[suffixes[0]] = 0;
            classes = 1;
            for (var k = 1; k < n; k++)
            {
                int a = suffixes[k - 1], b = suffixes[k];
                var same = rank[a] == rank[b]
                    && (a + width < n ? rank[a + width] : -1) == (b + width < n ? rank[b + width] : -1);
                next[b] = same ? classes - 1 : classes++;
            }

            (rank, next) = (next, rank);
        }

        return suffixes;
    }

    private static void CountingSort(int[] order, int[] keys, int classes, int[] counts, int[] sorted)
    {
        Array.Clear(counts, 0, classes + 1);
        foreach (var position in order)
        {
            counts[keys[position] + 1]++;
        }

        for (var k = 1; k <= classes; k++)
        {
            counts[k] += counts[k - 1];
        }

        foreach (var position in order)
        {
            sorted[counts[keys[position]]++] = position;
        }
    }
}
