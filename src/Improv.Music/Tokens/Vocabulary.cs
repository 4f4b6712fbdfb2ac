namespace Improv.Music.Tokens;

/// <summary>The kinds of event a token stands for, in Performance RNN's terms.</summary>
public enum TokenKind
{
    NoteOn,
    NoteOff,
    TimeShift,
    Velocity,
    Start,
    End,
    Style,
}

/// <summary>
/// The time grid and velocity bins every vocabulary shares, and v1's ids as constants (the live paths of a v1 model
/// use them); <see cref="TokenVocabulary"/> is the versioned vocabulary, v1 and v2 alike.
/// </summary>
public static class Vocabulary
{
    /// <summary>Bumped whenever any id, bin or step below changes; a model manifest carries it.</summary>
    public const string Version = "performance-v1";

    public const int PitchCount = 128;
    public const int TimeShiftSteps = 100;
    public const int VelocityBins = 32;

    /// <summary>One time-shift step, in seconds (10 ms): the time grid of the whole representation.</summary>
    public const double TimeStepSeconds = 0.01;

    /// <summary>Time-shift steps per second (100), the exact inverse of <see cref="TimeStepSeconds"/>.</summary>
    public const int StepsPerSecond = 100;

    public const int NoteOnOffset = 0;
    public const int NoteOffOffset = NoteOnOffset + PitchCount;
    public const int TimeShiftOffset = NoteOffOffset + PitchCount;
    public const int VelocityOffset = TimeShiftOffset + TimeShiftSteps;
    public const int StartToken = VelocityOffset + VelocityBins;
    public const int EndToken = StartToken + 1;

    /// <summary>Number of token ids (390).</summary>
    public const int Size = EndToken + 1;

    public static int NoteOn(int pitch) => NoteOnOffset + pitch;

    public static int NoteOff(int pitch) => NoteOffOffset + pitch;

    /// <summary>A shift of <paramref name="steps"/> x 10 ms, 1 to 100.</summary>
    public static int TimeShift(int steps) => TimeShiftOffset + steps - 1;

    public static int Velocity(int bin) => VelocityOffset + bin;

    public static TokenKind KindOf(int token) => token switch
    {
        < NoteOffOffset => TokenKind.NoteOn,
        < TimeShiftOffset => TokenKind.NoteOff,
        < VelocityOffset => TokenKind.TimeShift,
        < StartToken => TokenKind.Velocity,
        StartToken => TokenKind.Start,
        _ => TokenKind.End,
    };

    /// <summary>The pitch, time-shift step count (1-100) or velocity bin a token carries; 0 for control tokens.</summary>
    public static int ValueOf(int token) => KindOf(token) switch
    {
        TokenKind.NoteOn => token - NoteOnOffset,
        TokenKind.NoteOff => token - NoteOffOffset,
        TokenKind.TimeShift => token - TimeShiftOffset + 1,
        TokenKind.Velocity => token - VelocityOffset,
        _ => 0,
    };

    /// <summary>Velocity 1-127 to one of 32 bins (bin b covers 4b..4b+3, velocity 0 never occurs in a note).</summary>
    public static int VelocityBin(int velocity) => Math.Clamp(velocity, 1, 127) / 4;

    /// <summary>The velocity a bin decodes to: the middle of its range, never 0.</summary>
    public static int VelocityOfBin(int bin) => Math.Max(1, bin * 4 + 2);

    /// <summary>A readable name per id, e.g. NOTE_ON_60, TIME_SHIFT_10, VELOCITY_20: the stable table a manifest carries.</summary>
    public static string NameOf(int token) => KindOf(token) switch
    {
        TokenKind.NoteOn => $"NOTE_ON_{ValueOf(token)}",
        TokenKind.NoteOff => $"NOTE_OFF_{ValueOf(token)}",
        TokenKind.TimeShift => $"TIME_SHIFT_{ValueOf(token)}",
        TokenKind.Velocity => $"VELOCITY_{ValueOf(token)}",
        TokenKind.Start => "START",
        _ => "END",
    };

    /// <summary>The whole id -> name table, in id order.</summary>
    public static IReadOnlyList<string> Table { get; } = Enumerable.Range(0, Size).Select(NameOf).ToArray();

    private static readonly Dictionary<string, int> Ids = Table.Select((name, id) => (name, id)).ToDictionary(e => e.name, e => e.id);

    /// <summary>The id of a token name from <see cref="Table"/> (e.g. "NOTE_ON_60" -> 60): the name -> id direction of the table.</summary>
    public static int IdOf(string name) =>
        Ids.TryGetValue(name, out var id) ? id : throw new ArgumentException($"\"{name}\" is not a token of vocabulary {Version}", nameof(name));
}
