using System.Globalization;

namespace Improv.Host.Improvisation;

/// <summary>
/// How much the session memory weighs against the LSTM: off, a fixed share the player sets (0..1), or fitted (setting
/// `Auto`): the memory weighs each context as much as contexts like it have earned by predicting this session's music
/// (<see cref="SessionMemory"/>). A value type, so a knob turned on stage changes it without allocating.
/// </summary>
public readonly record struct MemoryWeight
{
    private MemoryWeight(float share, bool fitted)
    {
        Share = share;
        Fitted = fitted;
    }

    /// <summary>The memory is not mixed in.</summary>
    public static MemoryWeight Off => default;

    /// <summary>The memory fits its own weight to how well it has predicted.</summary>
    public static MemoryWeight Auto => new(0, fitted: true);

    /// <summary>The share asked for, 0..1, when not <see cref="Fitted"/>.</summary>
    public float Share { get; }

    /// <summary>True when the memory fits its weight itself.</summary>
    public bool Fitted { get; }

    /// <summary>True when the memory is mixed in at all.</summary>
    public bool IsOn => Fitted || Share > 0;

    /// <summary>A fixed share, clamped to 0..1.</summary>
    public static MemoryWeight Of(double share) => new((float)Math.Clamp(share, 0, 1), fitted: false);

    /// <summary>"Auto" or a number 0..1, as the setting and the offline tools take it.</summary>
    public static bool TryParse(string? text, out MemoryWeight weight)
    {
        weight = Off;
        if (string.Equals(text?.Trim(), "Auto", StringComparison.OrdinalIgnoreCase))
        {
            weight = Auto;
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || share is < 0 or > 1)
            return false;
        weight = Of(share);
        return true;
    }

    /// <summary>The value as its setting is written ("Auto", or the share).</summary>
    public override string ToString() => Fitted ? "Auto" : Share.ToString("0.0##", CultureInfo.InvariantCulture);
}
