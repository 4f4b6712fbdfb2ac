using System.Runtime.InteropServices;

namespace Improv.Host.Native;

/// <summary>The POSIX calls .NET does not offer: sub-millisecond sleep, tight timer slack, sending SIGTERM.</summary>
internal static unsafe partial class Libc
{
    public const string Library = "libc";
    public const int SigTerm = 15;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [LibraryImport(Library, EntryPoint = "nanosleep")]
    private static partial int NanoSleep(TimeSpec* request, TimeSpec* remaining);

    [LibraryImport(Library, EntryPoint = "prctl")]
    private static partial int Prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);

    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>Sleeps about this many microseconds (Thread.Sleep rounds to whole milliseconds).</summary>
    public static void SleepMicroseconds(int microseconds)
    {
        if (OperatingSystem.IsWindows())
        {
            Thread.Sleep(Math.Max(1, microseconds / 1000));
            return;
        }
        var request = new TimeSpec { Seconds = microseconds / 1_000_000, Nanoseconds = microseconds % 1_000_000 * 1000 };
        NanoSleep(&request, null);
    }

    /// <summary>
    /// Linux lets a sleeping thread wake up to 50 us late (timer slack) to save power; this thread's sleeps then end
    /// as close to their time as the kernel can (PR_SET_TIMERSLACK = 1 ns). Elsewhere a no-op.
    /// </summary>
    public static void TightenTimerSlack()
    {
        if (OperatingSystem.IsLinux())
        {
            const int SetTimerSlack = 29;
            Prctl(SetTimerSlack, 1, 0, 0, 0);
        }
    }
}
