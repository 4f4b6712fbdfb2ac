using Improv.Host.Improvisation;
using Improv.Host.Performance;
using Microsoft.Extensions.Options;

namespace Improv.Host.Settings;

/// <summary>Settings under Improv:Performance: how Improv answers and how fast it looks for input.</summary>
public sealed class PerformanceOptions
{
    public const string Section = "Improv:Performance";

    /// <summary>
    /// CallAndResponse: answer after the player falls silent; Duet: play along; Accompany: accompany the player's lead;
    /// Solo: a lead over the player's chords; Thru: play back what comes in (transposed).
    /// </summary>
    public string Mode { get; set; } = "CallAndResponse";

    /// <summary>Semitones added to every note in Thru mode, -48..48.</summary>
    public int Transpose { get; set; }

    /// <summary>A controller number (0..127) that, when it arrives, ends every note Improv plays; -1: none.</summary>
    public int PanicController { get; set; } = 123;

    /// <summary>How long the receiving and handling threads sleep between empty polls while playing, in microseconds (50..5000).</summary>
    public int PollMicroseconds { get; set; } = 250;

    /// <summary>The same after a second of silence (50..20000): fewer wake-ups, a little later first note.</summary>
    public int IdlePollMicroseconds { get; set; } = 1000;

    /// <summary>
    /// 0: normal scheduling. 1..98: the receiver, performer and scheduler threads run SCHED_FIFO at this priority
    /// (needs an rtprio limit, as the audio group has, or CAP_SYS_NICE; when refused, Improv says so and plays on).
    /// </summary>
    public int RealtimePriority { get; set; }

    /// <summary>
    /// Exceptions on the real-time threads within a minute (1..1000) that stop the daemon with a non-zero exit code,
    /// for systemd to restart it. Fewer are survived: the notes sounding are ended, the exception is logged, play goes on.
    /// </summary>
    public int FaultLimit { get; set; } = 10;

    /// <summary>Messages the input ring holds (a power of two, 64..1048576).</summary>
    public int RingCapacity { get; set; } = 4096;

    public static readonly string[] Modes = [.. Enum.GetNames<ImprovisationMode>(), "Thru"];

    public PollPacer Pacer() => new(PollMicroseconds, IdlePollMicroseconds);
}

/// <summary>Checks <see cref="PerformanceOptions"/> at start, naming the setting and what it allows.</summary>
public sealed class PerformanceOptionsValidator : IValidateOptions<PerformanceOptions>
{
    public ValidateOptionsResult Validate(string? name, PerformanceOptions options)
    {
        var failures = new List<string>();
        var section = PerformanceOptions.Section;
        if (!PerformanceOptions.Modes.Contains(options.Mode, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{section}:Mode is '{options.Mode}'; allowed: {string.Join(", ", PerformanceOptions.Modes)}.");
        }
        if (options.Transpose is < -48 or > 48)
        {
            failures.Add($"{section}:Transpose is {options.Transpose}; allowed: -48 to 48 semitones.");
        }
        if (options.PanicController is < -1 or > 127)
        {
            failures.Add($"{section}:PanicController is {options.PanicController}; allowed: 0 to 127, or -1 for none.");
        }
        if (options.FaultLimit is < 1 or > 1000)
        {
            failures.Add($"{section}:FaultLimit is {options.FaultLimit}; allowed: 1 to 1000 exceptions a minute.");
        }
        if (options.PollMicroseconds is < 50 or > 5000)
        {
            failures.Add($"{section}:PollMicroseconds is {options.PollMicroseconds}; allowed: 50 to 5000.");
        }
        if (options.IdlePollMicroseconds is < 50 or > 20000)
        {
            failures.Add($"{section}:IdlePollMicroseconds is {options.IdlePollMicroseconds}; allowed: 50 to 20000.");
        }
        if (options.RealtimePriority is < 0 or > 98)
        {
            failures.Add($"{section}:RealtimePriority is {options.RealtimePriority}; allowed: 0 (normal scheduling) or 1 to 98 (SCHED_FIFO).");
        }
        if (options.RingCapacity is < 64 or > 1 << 20 || (options.RingCapacity & (options.RingCapacity - 1)) != 0)
        {
            failures.Add($"{section}:RingCapacity is {options.RingCapacity}; allowed: a power of two from 64 to 1048576.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
