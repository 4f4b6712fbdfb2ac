using System.Diagnostics;
using Improv.Host.Native;

namespace Improv.Host.Realtime;

/// <summary>
/// How long a polling thread sleeps when it found nothing: the short interval while music is playing,
/// the longer one after a second of silence, so an idle daemon costs little CPU.
/// </summary>
/// <remarks>Polling, not waking: the only wake-ups on offer (RtMidi's callback, .NET events) either duplicate JACK messages or take locks.</remarks>
public struct PollPacer(int playingMicroseconds, int idleMicroseconds)
{
    private long _lastActivity = Stopwatch.GetTimestamp();

    /// <summary>Call when the poll found something.</summary>
    public void Heard() => _lastActivity = Stopwatch.GetTimestamp();

    /// <summary>The rest due now: the short interval, or the idle one after a second of quiet.</summary>
    public readonly int RestMicroseconds =>
        Stopwatch.GetElapsedTime(_lastActivity) > TimeSpan.FromSeconds(1) ? idleMicroseconds : playingMicroseconds;

    /// <summary>Call when the poll found nothing.</summary>
    public readonly void Rest() => Libc.SleepMicroseconds(RestMicroseconds);

    /// <summary>
    /// How long before a due time a thread stops sleeping and spins. Measured here (Debian 12 on 2 shared cores,
    /// load 4, timer slack set to 1 ns as <see cref="Libc.TightenTimerSlack"/> does): nanosleep(250 us) took
    /// p50 309 / p90 338 / p99 721 us, nanosleep(100 us) p50 161 / p99 314 us, Thread.Sleep(1) p50 1.07 / p99 2.1 ms
    /// (default 50 us slack adds about 50 us to each). A nap of at most the poll interval therefore overshoots by
    /// about 60 us typically and 470 us at p99: 500 us of spin covers that, at about 0.5 % of a core per 10 notes/s.
    /// </summary>
    public static readonly long SpinTicks = Stopwatch.Frequency / 2000;

    /// <summary>While music plays: sleeps the short interval, or less when something is due sooner.</summary>
    public void RestAtMost(long microseconds)
    {
        Heard();
        Libc.SleepMicroseconds((int)Math.Clamp(microseconds, 1, playingMicroseconds));
    }

    /// <summary>
    /// Towards <paramref name="due"/> (Stopwatch ticks): while it is further than <see cref="SpinTicks"/>, one nap no
    /// longer than the playing interval (the caller looks for new work, then comes back); within it, a spin to the tick.
    /// </summary>
    public void ApproachDue(long due)
    {
        var left = due - Stopwatch.GetTimestamp();
        if (left > SpinTicks)
        {
            RestAtMost((left - SpinTicks) * 1_000_000 / Stopwatch.Frequency);
            return;
        }

        Heard();
        while (Stopwatch.GetTimestamp() < due)
        {
            Thread.SpinWait(16);
        }
    }
}
