namespace Improv.Music.Theory;

/// <summary>A key as the set of pitch classes it allows, parsed from names such as "C major", "F# dorian", "Bb blues".</summary>
public readonly record struct Scale(int Tonic, string Mode, ushort Steps)
{
    private static readonly string[] SharpNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    private static readonly Dictionary<string, int[]> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["major"] = [0, 2, 4, 5, 7, 9, 11],
        ["minor"] = [0, 2, 3, 5, 7, 8, 10],
        ["harmonic-minor"] = [0, 2, 3, 5, 7, 8, 11],
        ["dorian"] = [0, 2, 3, 5, 7, 9, 10],
        ["phrygian"] = [0, 1, 3, 5, 7, 8, 10],
        ["lydian"] = [0, 2, 4, 6, 7, 9, 11],
        ["mixolydian"] = [0, 2, 4, 5, 7, 9, 10],
        ["pentatonic"] = [0, 2, 4, 7, 9],
        ["minor-pentatonic"] = [0, 3, 5, 7, 10],
        ["blues"] = [0, 3, 5, 6, 7, 10],
    };

    /// <summary>The mode names <see cref="TryParse"/> understands.</summary>
    public static IReadOnlyCollection<string> ModeNames => Modes.Keys;

    /// <summary>True when the pitch's class belongs to the scale.</summary>
    public bool Contains(int pitch) => (Steps & (1 << (((pitch - Tonic) % 12 + 12) % 12))) != 0;

    public override string ToString() => $"{SharpNames[Tonic]} {Mode}";

    /// <summary>Parses "TONIC MODE" (tonic C..B with # or b); the error says what was wrong and what is allowed.</summary>
    public static bool TryParse(string text, out Scale scale, out string? error)
    {
        scale = default;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            error = $"'{text}' is not a scale: write a tonic and a mode, e.g. 'C major' or 'F# dorian'";
            return false;
        }

        if (!TryParseTonic(parts[0], out var tonic))
        {
            error = $"'{parts[0]}' is not a tonic: use C, C#, Db, D ... B";
            return false;
        }

        if (!Modes.TryGetValue(parts[1], out var intervals))
        {
            error = $"'{parts[1]}' is not a mode: use one of {string.Join(", ", Modes.Keys)}";
            return false;
        }

        scale = new Scale(tonic, parts[1].ToLowerInvariant(), (ushort)intervals.Sum(step => 1 << step));
        error = null;
        return true;
    }

    private static bool TryParseTonic(string name, out int tonic)
    {
        tonic = Array.FindIndex(SharpNames, n => n.Equals(name[..1], StringComparison.OrdinalIgnoreCase));
        if (tonic < 0 || name.Length > 2)
        {
            return false;
        }

        if (name.Length == 2)
        {
            var accidental = name[1] switch { '#' => 1, 'b' => -1, _ => 0 };
            if (accidental == 0)
            {
                return false;
            }

            tonic = (tonic + accidental + 12) % 12;
        }

        return true;
    }
}
