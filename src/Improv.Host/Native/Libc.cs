using System.Runtime.InteropServices;

namespace Improv.Host.Native;

/// <summary>The two POSIX calls .NET does not offer: sub-millisecond sleep and sending SIGTERM.</summary>
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
}
