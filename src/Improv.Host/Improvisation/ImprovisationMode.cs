namespace Improv.Host.Improvisation;

/// <summary>How Improv plays with the musician.</summary>
public enum ImprovisationMode
{
    /// <summary>Improv listens while the player plays, and answers when the player falls silent.</summary>
    CallAndResponse,

    /// <summary>Improv plays all along, choosing again after every note the player plays.</summary>
    Duet,

    /// <summary>No model: Improv plays back what comes in, transposed by <see cref="ImprovisationOptions.Transpose"/>.</summary>
    Thru,
}
