namespace Improv.Host.Improvisation;

/// <summary>How Improv plays with the musician; the numbers are the mode gauge's values.</summary>
public enum ImprovisationMode
{
    /// <summary>Improv listens while the player plays, and answers in the part the player played when the player falls silent.</summary>
    CallAndResponse = 0,

    /// <summary>Improv plays all along, choosing again after every note the player plays.</summary>
    Duet = 1,

    /// <summary>The player plays the lead; Improv plays the accompaniment under it all along (a two-part model).</summary>
    Accompany = 2,

    /// <summary>The player plays chords or an accompaniment; Improv plays a lead line over them (a two-part model).</summary>
    Solo = 3,

    /// <summary>No model: Improv plays back what comes in, transposed by <see cref="ImprovisationOptions.Transpose"/>.</summary>
    Thru = 4,
}
