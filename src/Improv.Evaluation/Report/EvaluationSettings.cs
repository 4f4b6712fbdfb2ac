using Improv.Host.Improvisation;
using Improv.Music.Corpus;
using Improv.Music.Statistics;

namespace Improv.Evaluation.Report;

/// <summary>
/// What `improv-evaluate` measures: which model on which corpus split, how many primers cut where, how long the
/// model plays after each, and how it samples (the daemon's defaults unless changed).
/// </summary>
public sealed record EvaluationSettings
{
    /// <summary>Where every primer ends in its song, seconds: past the intro, as in docs/evaluation.md's corpus numbers.</summary>
    public double CutSeconds { get; init; } = 60;

    public double PrimerSeconds { get; init; } = 30;

    /// <summary>How long the model plays after each primer, and how much of the real continuation is compared.</summary>
    public double Seconds { get; init; } = 30;

    /// <summary>Primers, one per song of the split in id order (songs too short for a cut are passed over); 0: every song.</summary>
    public int Primers { get; init; }

    /// <summary>Songs of the split scored for the likelihood, in id order; 0: every song.</summary>
    public int LikelihoodSongs { get; init; }

    public int Seed { get; init; } = 1;

    public double Temperature { get; init; } = 1.0;

    public double TopP { get; init; } = 0.95;

    public Split Split { get; init; } = Split.Test;

    public required string Model { get; init; }

    public required string Corpus { get; init; }

    /// <summary>
    /// The style the model is told (a name its manifest lists, or "any"); null: the corpus's own style from
    /// data/corpora.json, for a model that knows styles.
    /// </summary>
    public string? Style { get; init; }

    /// <summary>Pieces whose accompaniment the model plays under the real lead (two-part models; 0: none).</summary>
    public int AccompanimentPieces { get; init; } = 12;

    /// <summary>How much of each of those pieces, from its start, in seconds.</summary>
    public double AccompanimentSeconds { get; init; } = 60;

    /// <summary>How strongly the accompaniment's onsets lean onto the lead's pulse, nats (the daemon's PulseLock).</summary>
    public double PulseLock { get; init; } = new ImprovisationOptions().PulseLock;

    /// <summary>How strongly the accompaniment's notes lean onto the lead's harmony, nats (the daemon's HarmonyLock).</summary>
    public double HarmonyLock { get; init; } = new ImprovisationOptions().HarmonyLock;

    /// <summary>The session memory's weight while the model plays (the daemon's MemoryWeight).</summary>
    public string MemoryWeight { get; init; } = new ImprovisationOptions().MemoryWeight;

    /// <summary>The n-gram order of the baseline beside the model's likelihood, as improv-train's.</summary>
    public int BaselineOrder { get; init; } = KneserNey.BaselineOrder;
}
