using System.Security.Cryptography;
using System.Text;
using Improv.Music.Notes;

namespace Improv.Music.Tokens;

/// <summary>
/// A versioned token vocabulary: which id stands for which event. Ids are fixed forever for a given
/// <see cref="Version"/>, because trained models and their manifests refer to tokens by id. The time grid and the
/// velocity bins are shared by every version (<see cref="Vocabulary"/>); what differs is how many parts have their own
/// NOTE_ON/NOTE_OFF blocks and which STYLE tokens follow START.
/// </summary>
public sealed class TokenVocabulary
{
    /// <summary>v1: one part, no styles, 390 tokens (the ids of <see cref="Vocabulary"/>).</summary>
    public static TokenVocabulary PerformanceV1 { get; } = new("performance-v1", [Part.Lead], []);

    /// <summary>v2: lead and accompaniment each with NOTE_ON/NOTE_OFF blocks, and a style token after START; 651 tokens.</summary>
    public static TokenVocabulary PerformanceV2 { get; } = new("performance-v2", [Part.Lead, Part.Accompaniment],
        [Style.Any, Style.Pop, Style.Classical, Style.Jazz, Style.Chorale]);

    /// <summary>Every version this build reads, newest last.</summary>
    public static IReadOnlyList<TokenVocabulary> All { get; } = [PerformanceV1, PerformanceV2];

    private readonly Dictionary<string, int> ids;

    private TokenVocabulary(string version, Part[] parts, string[] styles)
    {
        Version = version;
        Parts = parts;
        Styles = styles;
        NoteOffOffset = parts.Length * Vocabulary.PitchCount;
        TimeShiftOffset = 2 * parts.Length * Vocabulary.PitchCount;
        VelocityOffset = TimeShiftOffset + Vocabulary.TimeShiftSteps;
        StartToken = VelocityOffset + Vocabulary.VelocityBins;
        EndToken = StartToken + 1;
        StyleOffset = EndToken + 1;
        Size = StyleOffset + styles.Length;
        Table = Enumerable.Range(0, Size).Select(NameOf).ToArray();
        ids = Table.Select((name, id) => (name, id)).ToDictionary(e => e.name, e => e.id);
        TableHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Table))));
    }

    /// <summary>The version string a manifest and a checkpoint carry.</summary>
    public string Version { get; }

    /// <summary>The parts with a NOTE_ON/NOTE_OFF block of their own, in id order.</summary>
    public IReadOnlyList<Part> Parts { get; }

    /// <summary>The style names with a STYLE token, in id order (empty in v1).</summary>
    public IReadOnlyList<string> Styles { get; }

    public int NoteOffOffset { get; }
    public int TimeShiftOffset { get; }
    public int VelocityOffset { get; }
    public int StartToken { get; }
    public int EndToken { get; }
    public int StyleOffset { get; }

    /// <summary>Number of token ids.</summary>
    public int Size { get; }

    /// <summary>The whole id -> name table, in id order: what a manifest carries.</summary>
    public IReadOnlyList<string> Table { get; }

    /// <summary>SHA-256 of the table (names joined by newlines): a test pins it, so no id can move unnoticed.</summary>
    public string TableHash { get; }

    /// <summary>The vocabulary of a version string, or null when this build does not know it.</summary>
    public static TokenVocabulary? Find(string version) => All.FirstOrDefault(v => v.Version == version);

    /// <summary>The vocabulary of a version string; an unknown one raises an error that lists the known ones.</summary>
    public static TokenVocabulary Of(string version) => Find(version)
        ?? throw new ArgumentException($"vocabulary '{version}' is unknown; this build knows {string.Join(", ", All.Select(v => v.Version))}", nameof(version));

    public bool Has(Part part) => (int)part < Parts.Count;

    public int NoteOn(int pitch, Part part = Part.Lead) => PartBlock(part) + pitch;

    public int NoteOff(int pitch, Part part = Part.Lead) => NoteOffOffset + PartBlock(part) + pitch;

    /// <summary>A shift of <paramref name="steps"/> x 10 ms, 1 to 100.</summary>
    public int TimeShift(int steps) => TimeShiftOffset + steps - 1;

    public int Velocity(int bin) => VelocityOffset + bin;

    /// <summary>The STYLE token of a style name (case-insensitive); an unknown name raises an error listing the known ones.</summary>
    public int StyleToken(string style)
    {
        for (var i = 0; i < Styles.Count; i++)
        {
            if (string.Equals(Styles[i], style, StringComparison.OrdinalIgnoreCase))
                return StyleOffset + i;
        }

        throw new ArgumentException(Styles.Count == 0
            ? $"vocabulary {Version} has no styles (asked for '{style}')"
            : $"style '{style}' is not one of vocabulary {Version}'s: {string.Join(", ", Styles)}", nameof(style));
    }

    public TokenKind KindOf(int token)
    {
        if ((uint)token >= (uint)Size)
            throw new ArgumentOutOfRangeException(nameof(token), token, $"token ids of {Version} are 0-{Size - 1}");
        return token switch
        {
            _ when token < NoteOffOffset => TokenKind.NoteOn,
            _ when token < TimeShiftOffset => TokenKind.NoteOff,
            _ when token < VelocityOffset => TokenKind.TimeShift,
            _ when token < StartToken => TokenKind.Velocity,
            _ when token == StartToken => TokenKind.Start,
            _ when token == EndToken => TokenKind.End,
            _ => TokenKind.Style,
        };
    }

    /// <summary>The part a NOTE_ON or NOTE_OFF token belongs to (lead for every other token).</summary>
    public Part PartOf(int token) => KindOf(token) switch
    {
        TokenKind.NoteOn => (Part)(token / Vocabulary.PitchCount),
        TokenKind.NoteOff => (Part)((token - NoteOffOffset) / Vocabulary.PitchCount),
        _ => Part.Lead,
    };

    /// <summary>The pitch, time-shift step count (1-100), velocity bin or style index a token carries; 0 for START and END.</summary>
    public int ValueOf(int token) => KindOf(token) switch
    {
        TokenKind.NoteOn => token % Vocabulary.PitchCount,
        TokenKind.NoteOff => (token - NoteOffOffset) % Vocabulary.PitchCount,
        TokenKind.TimeShift => token - TimeShiftOffset + 1,
        TokenKind.Velocity => token - VelocityOffset,
        TokenKind.Style => token - StyleOffset,
        _ => 0,
    };

    /// <summary>A readable name per id: NOTE_ON_60 in v1; NOTE_ON_LEAD_60, NOTE_OFF_ACCOMPANIMENT_48, STYLE_JAZZ in v2.</summary>
    public string NameOf(int token)
    {
        var kind = KindOf(token);
        var part = Parts.Count > 1 ? $"{PartOf(token).ToString().ToUpperInvariant()}_" : "";
        return kind switch
        {
            TokenKind.NoteOn => $"NOTE_ON_{part}{ValueOf(token)}",
            TokenKind.NoteOff => $"NOTE_OFF_{part}{ValueOf(token)}",
            TokenKind.TimeShift => $"TIME_SHIFT_{ValueOf(token)}",
            TokenKind.Velocity => $"VELOCITY_{ValueOf(token)}",
            TokenKind.Start => "START",
            TokenKind.End => "END",
            _ => $"STYLE_{Styles[ValueOf(token)].ToUpperInvariant()}",
        };
    }

    /// <summary>The id of a token name from <see cref="Table"/>.</summary>
    public int IdOf(string name) =>
        ids.TryGetValue(name, out var id) ? id : throw new ArgumentException($"\"{name}\" is not a token of vocabulary {Version}", nameof(name));

    public bool TryIdOf(string name, out int id) => ids.TryGetValue(name, out id);

    /// <summary>
    /// The token of another vocabulary that means the same here, for warm starts: a v1 NOTE_ON_60 seeds both
    /// NOTE_ON_LEAD_60 and NOTE_ON_ACCOMPANIMENT_60; tokens with no counterpart (styles) get -1.
    /// </summary>
    public int CounterpartIn(TokenVocabulary other, int token)
    {
        var kind = KindOf(token);
        var value = ValueOf(token);
        var part = other.Has(PartOf(token)) ? PartOf(token) : Part.Lead;
        return kind switch
        {
            TokenKind.NoteOn => other.NoteOn(value, part),
            TokenKind.NoteOff => other.NoteOff(value, part),
            TokenKind.TimeShift => other.TimeShift(value),
            TokenKind.Velocity => other.Velocity(value),
            TokenKind.Start => other.StartToken,
            TokenKind.End => other.EndToken,
            _ => other.Styles.Contains(Styles[value]) ? other.StyleToken(Styles[value]) : -1,
        };
    }

    public override string ToString() => Version;

    private int PartBlock(Part part)
    {
        if (!Has(part))
            throw new ArgumentOutOfRangeException(nameof(part), part, $"vocabulary {Version} has no {part} part");
        return (int)part * Vocabulary.PitchCount;
    }
}

/// <summary>The style names the corpora carry; <see cref="Any"/> stands for "not told".</summary>
public static class Style
{
    public const string Any = "any";
    public const string Pop = "pop";
    public const string Classical = "classical";
    public const string Jazz = "jazz";
    public const string Chorale = "chorale";
}
