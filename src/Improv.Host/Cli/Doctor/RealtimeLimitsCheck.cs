using Improv.Host.Realtime;

namespace Improv.Host.Cli.Doctor;

/// <summary>This user may run real-time threads (rtprio) and lock memory (memlock), as a stage setup with JACK needs.</summary>
public sealed class RealtimeLimitsCheck : IStageCheck
{
    /// <summary>JACK with real-time scheduling (-R) locks its memory; its own setup asks for unlimited, this much is enough for Improv beside it.</summary>
    private const ulong EnoughLockedMemory = 256UL << 20;

    private const string Grant =
        "put yourself in the audio group (`sudo usermod -aG audio $USER`), give it the limits in /etc/security/limits.d/audio.conf " +
        "(`@audio - rtprio 95` and `@audio - memlock unlimited`; Debian's jackd2 offers to write them) and log in again";

    public IEnumerable<Finding> Run(StageSetup setup)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [Finding.Ok("Real-time limits", "not checked: rtprio and memlock limits are Linux's")];
        }
        if (Environment.IsPrivilegedProcess)
        {
            return [Finding.Ok("Real-time limits", "running as root: any real-time priority and locked memory are allowed")];
        }
        return [Priority(setup.RealtimePriority, ResourceLimits.RealtimePriority), Memory(ResourceLimits.LockedMemory)];
    }

    private static Finding Priority(int wanted, ulong allowed)
    {
        const string Name = "Real-time priority";
        var setting = $"{RealtimeOptions.Section}:RealtimePriority";
        if (wanted > 0)
        {
            return (ulong)wanted <= allowed
                ? Finding.Ok(Name, $"{setting} is {wanted}; this user may use up to {allowed}")
                : Finding.Warning(Name, $"{setting} is {wanted}, but this user may use at most {allowed} (rtprio): Improv's threads would play at normal priority", Grant);
        }
        return allowed > 0
            ? Finding.Ok(Name, $"this user may use up to {allowed}; Improv does not ask ({setting}=0; 60 runs its threads SCHED_FIFO, below JACK's)")
            : Finding.Warning(Name, "this user may not run real-time threads (rtprio 0): on a busy machine Improv's and JACK's notes come late",
                Grant + $"; then --{setting}=60");
    }

    private static Finding Memory(ulong allowed)
    {
        const string Name = "Locked memory";
        var amount = allowed == ResourceLimits.Unlimited ? "unlimited" : $"{allowed >> 20} MiB";
        return allowed >= EnoughLockedMemory
            ? Finding.Ok(Name, $"memlock {amount}")
            : Finding.Warning(Name, $"memlock {amount}: JACK with real-time scheduling (-R) cannot lock its memory, and swapping makes notes late", Grant);
    }
}
