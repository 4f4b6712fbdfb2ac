using System.Diagnostics;
using Improv.Host.Native;

namespace Improv.Host.Performance;

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

    /// <summary>While music plays: sleeps the short interval, or less when something is due sooner.</summary>
    public void RestAtMost(long microseconds)
    {
        Heard();
        Libc.SleepMicroseconds((int)Math.Clamp(microseconds, 1, playingMicroseconds));
    }
}
