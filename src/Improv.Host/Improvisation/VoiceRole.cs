using Improv.Music.Notes;
using Improv.Music.Tokens;
using StyleName = Improv.Music.Tokens.Style;

namespace Improv.Host.Improvisation;

/// <summary>
/// Who plays which part, and in what style, as the model hears it: the player's notes are fed as <see cref="Player"/>'s
/// tokens, the model chooses only <see cref="Model"/>'s (both parts, the whole texture, when null), and a piece opens
/// with <see cref="Style"/>'s token. A one-part vocabulary (v1) knows only the lead and no styles, so there every role
/// is the lead and the style is unsaid.
/// </summary>
public readonly record struct VoiceRole(Part Player, Part? Model, string Style)
{
    /// <summary>The model plays every part it knows (a continuation of a whole piano texture), style <paramref name="style"/>.</summary>
    public static VoiceRole Whole(string style) => new(Part.Lead, null, style);

    /// <summary>The player and the model both on the lead, style not told: what a v1 model always plays.</summary>
    public static VoiceRole Default { get; } = new(Part.Lead, Part.Lead, StyleName.Any);

    /// <summary>
    /// Null when <paramref name="vocabulary"/> can play this role, else what it lacks (for a clear message at start).
    /// </summary>
    public string? ProblemWith(TokenVocabulary vocabulary)
    {
        foreach (var part in (ReadOnlySpan<Part>)[Player, Model ?? Part.Lead])
        {
            if (!vocabulary.Has(part))
                return $"the model's vocabulary {vocabulary.Version} has no {part.ToString().ToLowerInvariant()} part (it has {string.Join(", ", vocabulary.Parts).ToLowerInvariant()}); a two-part (performance-v2) model plays it";
        }

        if (!string.Equals(Style, StyleName.Any, StringComparison.OrdinalIgnoreCase)
            && !vocabulary.Styles.Contains(Style, StringComparer.OrdinalIgnoreCase))
        {
            return vocabulary.Styles.Count == 0
                ? $"style '{Style}': the model's vocabulary {vocabulary.Version} has no styles (use '{StyleName.Any}')"
                : $"style '{Style}' is not one the model knows: {string.Join(", ", vocabulary.Styles)}";
        }

        return null;
    }
}
