using Improv.Host.Native;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Improv.Host.Realtime;

/// <summary>
/// The shape every real-time thread of Improv shares (receiver, performer, scheduler, monitor): a dedicated thread
/// that makes one <see cref="Pass"/> and waits before the next; on the way out, normal or not, <see cref="Finish"/> runs
/// on the same thread. Ports are found and reconnected elsewhere, by the port supervisor (Midi/Ports/PortSupervisor.cs).
/// A <paramref name="realtime"/> loop takes the configured real-time priority (<see cref="RealtimeOptions.RealtimePriority"/>) before its first pass.
/// With <paramref name="faults"/> (the daemon's loops), an exception in a pass does not end the loop: it is counted and
/// handed to <see cref="RealtimeFaults"/> to log, <see cref="Recover"/> ends what sounds, and the next pass follows.
/// </summary>
public abstract class DedicatedLoop(RealtimeOptions options, string threadName, ILogger log, bool realtime = true, RealtimeFaults? faults = null)
    : BackgroundService
{
    private readonly SpscRing<Fault>? faultInbox = faults?.Inbox();

    protected sealed override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stop)
    {
        Thread.CurrentThread.Name = threadName;
        var pacer = options.Pacer();
        var ended = false;
        try
        {
            // Every loop sleeps in sub-millisecond naps; Linux's default 50 us timer slack would add to each.
            Libc.TightenTimerSlack();
            if (realtime)
            {
                RealtimeThread.Enter();
            }
            if (realtime && options.RealtimePriority > 0)
            {
                TakeRealtimePriority(options.RealtimePriority);
            }
            Started();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var busy = Pass();
                    Wait(busy, ref pacer);
                }
                catch (Exception error) when (faults is not null)
                {
                    faults.Report(faultInbox!, threadName, error);
                    Recover();
                    // A fault that recurs every pass must not spin this thread: at most a thousand a second.
                    Libc.SleepMicroseconds(1000);
                }
            }
            ended = true;
        }
        finally
        {
            Finish(failed: !ended);
        }
    }

    private void TakeRealtimePriority(int priority)
    {
        if (Libc.RunRealtime(priority) is { } refused)
        {
            log.LogWarning(
                "{Thread} plays at normal priority: real-time priority {Priority} was refused ({Reason}). Allow it with an "
                + "rtprio limit (the audio group's, /etc/security/limits.d) or CAP_SYS_NICE, or set {Setting} to 0",
                threadName, priority, refused, $"{RealtimeOptions.Section}:RealtimePriority");
            return;
        }

        log.LogInformation("{Thread} runs at real-time priority {Priority} (SCHED_FIFO)", threadName, priority);
    }

    /// <summary>On the loop's thread, before the first pass.</summary>
    protected virtual void Started()
    {
    }

    /// <summary>On the loop's thread, after a pass threw: end whatever this loop has sounding.</summary>
    protected virtual void Recover()
    {
    }

    /// <summary>One poll; true when it found something to do (or music is playing), which keeps the short poll interval.</summary>
    protected abstract bool Pass();

    /// <summary>Between passes: the poll interval, short while music plays, longer after a second of quiet.</summary>
    protected virtual void Wait(bool busy, ref PollPacer pacer)
    {
        if (busy)
        {
            pacer.Heard();
        }
        else
        {
            pacer.Rest();
        }
    }

    /// <summary>After the last pass, on the loop's thread; <paramref name="failed"/> when a pass threw.</summary>
    protected virtual void Finish(bool failed)
    {
    }
}
