using System.Globalization;

namespace Improv.Evaluation.ListeningTest;

/// <summary>
/// Which file of each pair is the real music, kept apart from the listener's folder. CSV with the header
/// `pair,real,song,cut_seconds,seed`: pair number, A or B, the song the primer came from, where it was cut, the seed
/// the generated one was sampled with.
/// </summary>
public sealed record AnswerKey(IReadOnlyDictionary<int, AnswerKey.Entry> Pairs)
{
    public const string Header = "pair,real,song,cut_seconds,seed";

    /// <summary>One pair: which side is real and where both came from.</summary>
    public sealed record Entry(int Pair, char Real, string Song, double CutSeconds, int Seed);

    public void Write(string path) =>
        File.WriteAllLines(path, [Header, .. Pairs.Values.OrderBy(e => e.Pair).Select(e =>
            string.Create(CultureInfo.InvariantCulture, $"{e.Pair},{e.Real},{e.Song},{e.CutSeconds},{e.Seed}"))]);

    /// <summary>Reads a key; a malformed line is an <see cref="InvalidDataException"/> naming the file and line.</summary>
    public static AnswerKey Read(string path)
    {
        var pairs = new Dictionary<int, Entry>();
        foreach (var (line, fields) in CsvRows.Read(path, Header))
        {
            if (fields.Length != 5 || CsvRows.Pair(fields[0]) is not { } pair || CsvRows.Side(fields[1]) is not { } real ||
                !double.TryParse(fields[3], CultureInfo.InvariantCulture, out var cut) || !int.TryParse(fields[4], CultureInfo.InvariantCulture, out var seed))
            {
                throw new InvalidDataException($"{path} line {line}: expected '{Header}' fields (e.g. 3,A,007,60,4)");
            }

            if (!pairs.TryAdd(pair, new Entry(pair, real, fields[2], cut, seed)))
            {
                throw new InvalidDataException($"{path} line {line}: pair {pair} appears twice in the key");
            }
        }

        return new AnswerKey(pairs);
    }
}
