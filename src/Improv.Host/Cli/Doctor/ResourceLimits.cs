using System.Runtime.InteropServices;

namespace Improv.Host.Cli.Doctor;

/// <summary>This process's soft resource limits (getrlimit), which .NET does not expose: real-time priority and locked memory.</summary>
internal static unsafe partial class ResourceLimits
{
    // Linux's generic numbering, the same on x86-64 and arm64.
    private const int MemlockResource = 8;
    private const int RtprioResource = 14;

    /// <summary>RLIM_INFINITY.</summary>
    public const ulong Unlimited = ulong.MaxValue;

    [StructLayout(LayoutKind.Sequential)]
    private struct Limit
    {
        public ulong Soft;
        public ulong Hard;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRlimit(int resource, Limit* limit);

    /// <summary>The highest SCHED_FIFO priority this user may ask for (0: none).</summary>
    public static ulong RealtimePriority => Soft(RtprioResource);

    /// <summary>How many bytes this process may lock in memory (<see cref="Unlimited"/> for no limit).</summary>
    public static ulong LockedMemory => Soft(MemlockResource);

    private static ulong Soft(int resource)
    {
        Limit limit;
        return GetRlimit(resource, &limit) == 0 ? limit.Soft : 0;
    }
}
