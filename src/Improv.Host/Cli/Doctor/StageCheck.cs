using Improv.Host.Improvisation;
using Improv.Host.Midi.Ports;
using Improv.Host.Synth;
using Improv.Host.Telemetry;

namespace Improv.Host.Cli.Doctor;

/// <summary>How much a finding of `improv doctor` matters on stage.</summary>
public enum Verdict
{
    /// <summary>Ready as it is.</summary>
    Ok,

    /// <summary>Improv plays, but worse or not as the player may expect (no sound, late notes).</summary>
    Warning,

    /// <summary>Improv would not start, or a performance would stop: the doctor exits non-zero.</summary>
    Failure,
}

/// <summary>What one check found, and what to do about it when it is not ok.</summary>
public sealed record Finding(string Check, Verdict Verdict, string What, string? Fix = null)
{
    public static Finding Ok(string check, string what) => new(check, Verdict.Ok, what);

    public static Finding Warning(string check, string what, string fix) => new(check, Verdict.Warning, what, fix);

    public static Finding Failure(string check, string what, string fix) => new(check, Verdict.Failure, what, fix);
}

/// <summary>
/// The settings `improv run` would start with, bound and validated the daemon's way, for the checks to read: whether it
/// plays a model (not in Thru mode), the real-time priority its threads ask for (0: none), and its synth.
/// </summary>
public sealed record StageSetup(MidiOptions Midi, ImprovisationOptions Improvisation, MetricsOptions Metrics, bool PlaysModel, int RealtimePriority, SynthOptions Synth);

/// <summary>One thing a stage setup needs; `improv doctor` runs each in turn and prints what it found.</summary>
public interface IStageCheck
{
    /// <summary>Never throws: whatever goes wrong is a finding, so one broken part never hides the others.</summary>
    IEnumerable<Finding> Run(StageSetup setup);
}
