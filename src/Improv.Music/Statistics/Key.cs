namespace Improv.Music.Statistics;

/// <summary>The two modes key finding tells apart.</summary>
public enum KeyMode
{
    Major,
    Minor,
}

/// <summary>A key estimated from notes: tonic pitch class (0 = C), mode, and how well the notes fit it (Pearson r, -1..1).</summary>
public readonly record struct Key(int Tonic, KeyMode Mode, double Correlation)
{
    private static readonly string[] TonicNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    // Major scale and natural minor (aeolian) as pitch-class masks relative to the tonic.
    private const int MajorSteps = 0b1010_1011_0101;
    private const int MinorSteps = 0b0101_1010_1101;

    /// <summary>The key's diatonic scale (natural minor for minor keys) as an absolute 12-bit pitch-class mask, bit 0 = C.</summary>
    public int PitchClassMask
    {
        get
        {
            var steps = Mode == KeyMode.Major ? MajorSteps : MinorSteps;
            return ((steps << Tonic) | (steps >> (PitchClasses.Count - Tonic))) & 0xFFF;
        }
    }

    public override string ToString() => $"{TonicNames[Tonic]} {(Mode == KeyMode.Major ? "major" : "minor")}";
}
