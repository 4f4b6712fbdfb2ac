using System.Globalization;

namespace Improv.Evaluation.ListeningTest;

/// <summary>
/// The listening test's small CSV files: one header line, comma-separated fields without quoting, blank lines and
/// lines starting with '#' ignored. Hand-read: the files are hand-edited by listeners, and every problem must name the
/// file and line, which a general CSV library would not phrase for them.
/// </summary>
internal static class CsvRows
{
    /// <summary>The data rows with their 1-based line numbers; a missing or wrong header names the file.</summary>
    public static IEnumerable<(int Line, string[] Fields)> Read(string path, string header)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file");
        }

        var lines = File.ReadAllLines(path);
        var first = Array.FindIndex(lines, l => !IsSkipped(l));
        if (first < 0 || !string.Equals(Normalised(lines[first]), header, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path} line {(first < 0 ? 1 : first + 1)}: expected the header '{header}'");
        }

        for (var i = first + 1; i < lines.Length; i++)
        {
            if (!IsSkipped(lines[i]))
            {
                yield return (i + 1, lines[i].Split(',').Select(f => f.Trim()).ToArray());
            }
        }
    }

    /// <summary>A pair number (1 or more), or null.</summary>
    public static int? Pair(string field) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var pair) && pair >= 1 ? pair : null;

    /// <summary>A or B (either case), or null.</summary>
    public static char? Side(string field) => field.ToUpperInvariant() switch
    {
        "A" => 'A',
        "B" => 'B',
        _ => null,
    };

    private static bool IsSkipped(string line) => line.Trim().Length == 0 || line.TrimStart().StartsWith('#');

    private static string Normalised(string line) => string.Join(',', line.Split(',').Select(f => f.Trim()));
}
