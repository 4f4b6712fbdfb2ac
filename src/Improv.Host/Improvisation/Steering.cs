using Improv.Music.Theory;

namespace Improv.Host.Improvisation;

/// <summary>
/// How the player steers the model's choices: sampling heat, range, key, density and note lengths. A value type, so
/// that a knob turned on stage changes it without allocating.
/// </summary>
public readonly record struct Steering()
{
    public float Temperature { get; init; } = 1.0f;

    public float TopP { get; init; } = 0.95f;

    /// <summary>The nucleus of styles that differ from <see cref="TopP"/> (<see cref="ImprovisationOptions.StyleTopP"/>); null: none do.</summary>
    public IReadOnlyDictionary<string, float>? StyleTopP { get; init; }

    /// <summary>The nucleus while the model plays <paramref name="style"/>. A lookup, no allocation.</summary>
    public float TopPFor(string style) => StyleTopP is not null && StyleTopP.TryGetValue(style, out var topP) ? topP : TopP;

    public Scale? Scale { get; init; }

    public int LowestPitch { get; init; } = 21;

    public int HighestPitch { get; init; } = 108;

    public int MaxPolyphony { get; init; } = 6;

    public double MinNoteSeconds { get; init; } = 0.03;

    public double MaxNoteSeconds { get; init; } = 4.0;

    public double VelocityScale { get; init; } = 1.0;

    /// <summary>How much the session memory weighs against the LSTM (<see cref="SessionMemory"/>): off, a share, or fitted.</summary>
    public MemoryWeight MemoryWeight { get; init; }

    /// <summary>Notes per second Improv leans towards (<see cref="NoteLeaning"/>); 0: off, the model's own density.</summary>
    public double Density { get; init; }

    /// <summary>Centre pitch Improv's notes lean towards (<see cref="NoteLeaning"/>); 0: off, the model's own register.</summary>
    public int Register { get; init; }

    /// <summary>
    /// How strongly, in nats, an accompaniment's onsets lean onto the player's pulse (<see cref="PulseLeaning"/>); 0:
    /// off, the model's own timing. Only an accompaniment under the player's lead leans.
    /// </summary>
    public float PulseLock { get; init; }

    /// <summary>
    /// How strongly, in nats, an accompaniment's notes lean onto the harmony of the player's lead
    /// (<see cref="HarmonyLeaning"/>); 0: off. Only an accompaniment under the player's lead leans.
    /// </summary>
    public float HarmonyLock { get; init; }

    /// <summary>The steering the settings start with (the validator has checked them).</summary>
    public static Steering From(ImprovisationOptions options) => new()
    {
        Temperature = (float)options.Temperature,
        TopP = (float)options.TopP,
        StyleTopP = options.StyleTopP.ToDictionary(e => e.Key, e => (float)e.Value, StringComparer.OrdinalIgnoreCase),
        // Scale Auto starts with no key: the player's is estimated once they have played (PlayerListener).
        Scale = Music.Theory.Scale.TryParse(options.Scale, out var scale, out _) ? scale : null,
        LowestPitch = options.LowestPitch,
        HighestPitch = options.HighestPitch,
        MaxPolyphony = options.MaxPolyphony,
        MinNoteSeconds = options.MinNoteMilliseconds / 1000.0,
        MaxNoteSeconds = options.MaxNoteMilliseconds / 1000.0,
        VelocityScale = options.VelocityScale,
        MemoryWeight = Improvisation.MemoryWeight.TryParse(options.MemoryWeight, out var memory) ? memory : Improvisation.MemoryWeight.Off,
        Density = options.Density,
        Register = options.Register,
        PulseLock = (float)options.PulseLock,
        HarmonyLock = (float)options.HarmonyLock,
    };
}
