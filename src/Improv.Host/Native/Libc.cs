using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Improv.Host.Native;

/// <summary>The POSIX calls .NET does not offer: sub-millisecond sleep, tight timer slack, real-time scheduling, an event counter to wake a thread, sending SIGTERM.</summary>
internal static unsafe partial class Libc
{
    public const string Library = "libc";
    public const int SigTerm = 15;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;

        public static TimeSpec Of(int microseconds) =>
            new() { Seconds = microseconds / 1_000_000, Nanoseconds = microseconds % 1_000_000 * 1000 };
    }

    [LibraryImport(Library, EntryPoint = "nanosleep")]
    private static partial int NanoSleep(TimeSpec* request, TimeSpec* remaining);

    [LibraryImport(Library, EntryPoint = "prctl")]
    private static partial int Prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Descriptor;
        public short Events;
        public short Returned;
    }

    [LibraryImport(Library, EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int thread, int policy, int* priority);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport(Library, EntryPoint = "write")]
    private static partial nint Write(int descriptor, void* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "read")]
    private static partial nint Read(int descriptor, void* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "ppoll")]
    private static partial int PPoll(PollFd* descriptors, nuint count, TimeSpec* timeout, void* signalMask);

    [LibraryImport(Library, EntryPoint = "close")]
    private static partial int Close(int descriptor);

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
        var request = TimeSpec.Of(microseconds);
        NanoSleep(&request, null);
    }

    /// <summary>
    /// Puts the calling thread (on Linux, pid 0 means the thread, not the process) under SCHED_FIFO at
    /// <paramref name="priority"/>; null when done, else why not.
    /// </summary>
    public static string? RunRealtime(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "real-time priority is set on Linux only";
        }

        const int Fifo = 1;
        return SchedSetScheduler(0, Fifo, &priority) == 0 ? null : Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
    }

    /// <summary>A non-blocking Linux eventfd (an event counter in the kernel); throws when the kernel refuses one.</summary>
    public static int OpenEventCounter()
    {
        const int NonBlocking = 0x800, CloseOnExec = 0x80000;
        var descriptor = EventFd(0, NonBlocking | CloseOnExec);
        return descriptor >= 0
            ? descriptor
            : throw new InvalidOperationException($"eventfd failed (errno {Marshal.GetLastPInvokeError()}): cannot wake the handling thread");
    }

    /// <summary>Adds one to the counter, waking a thread in <see cref="AwaitEvent"/>; one system call, no lock.</summary>
    // Compiled optimized at once: JACK's process callback calls it, and tiering up there would allocate on that thread.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SignalEvent(int descriptor)
    {
        var one = 1UL;
        Write(descriptor, &one, sizeof(ulong));
    }

    /// <summary>Waits at most this many microseconds for the counter to be signalled and resets it; true when it was.</summary>
    public static bool AwaitEvent(int descriptor, int microseconds)
    {
        const short Readable = 1;
        var poll = new PollFd { Descriptor = descriptor, Events = Readable };
        var timeout = TimeSpec.Of(microseconds);
        if (PPoll(&poll, 1, &timeout, null) <= 0 || (poll.Returned & Readable) == 0)
        {
            return false;
        }

        ulong count;
        Read(descriptor, &count, sizeof(ulong));
        return true;
    }

    public static void CloseEventCounter(int descriptor) => Close(descriptor);

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
