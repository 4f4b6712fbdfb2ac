using Improv.Music.Theory;

namespace Improv.Host.Improvisation;

/// <summary>How the player steers the model's choices: sampling heat, range, key, density and note lengths.</summary>
public sealed record Steering
{
    public float Temperature { get; init; } = 1.0f;

    public float TopP { get; init; } = 0.95f;

    public Scale? Scale { get; init; }

    public int LowestPitch { get; init; } = 21;

    public int HighestPitch { get; init; } = 108;

    public int MaxPolyphony { get; init; } = 6;

    public double MinNoteSeconds { get; init; } = 0.03;

    public double MaxNoteSeconds { get; init; } = 4.0;

    public double VelocityScale { get; init; } = 1.0;
}
