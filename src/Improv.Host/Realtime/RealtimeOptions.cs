using Microsoft.Extensions.Options;

namespace Improv.Host.Realtime;

/// <summary>Settings under Improv:Realtime: how the real-time threads wait, how they are scheduled, and how many faults they survive.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Improv:Realtime";

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

    public PollPacer Pacer() => new(PollMicroseconds, IdlePollMicroseconds);
}

/// <summary>Checks <see cref="RealtimeOptions"/> at start, naming the setting and what it allows.</summary>
public sealed class RealtimeOptionsValidator : IValidateOptions<RealtimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RealtimeOptions options)
    {
        var failures = new List<string>();
        var section = RealtimeOptions.Section;
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
