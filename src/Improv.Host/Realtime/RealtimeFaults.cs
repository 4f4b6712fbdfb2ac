using Improv.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Realtime;

/// <summary>An exception a real-time loop survived, as handed over for logging.</summary>
public readonly record struct Fault(string Thread, Exception Error);

/// <summary>
/// Where the real-time loops hand the exceptions they survive: a loop counts the fault, copies it into its own
/// preallocated ring (<see cref="Inbox"/>) and plays on; this service, on an ordinary thread, logs each one once. More
/// than <see cref="RealtimeOptions.FaultLimit"/> faults within a minute stop the daemon with exit code
/// <see cref="FailedExitCode"/>, so that systemd's Restart=on-failure starts it afresh.
/// </summary>
public sealed class RealtimeFaults(
    IOptions<RealtimeOptions> options,
    ImprovMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILogger<RealtimeFaults> log) : BackgroundService
{
    /// <summary>EX_SOFTWARE: an internal error, which systemd's Restart=on-failure restarts.</summary>
    public const int FailedExitCode = 70;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly Lock inboxesLock = new();
    private readonly List<SpscRing<Fault>> inboxes = [];

    /// <summary>0 until the fault limit stopped the daemon, then <see cref="FailedExitCode"/>.</summary>
    public int ExitCode { get; private set; }

    /// <summary>At a loop's construction (never on its thread's hot path): its own ring of faults to hand over.</summary>
    public SpscRing<Fault> Inbox()
    {
        var inbox = new SpscRing<Fault>(16);
        lock (inboxesLock)
        {
            inboxes.Add(inbox);
        }

        return inbox;
    }

    /// <summary>On the real-time thread that survived <paramref name="error"/>: counts it and hands it over, without waiting or locking.</summary>
    public void Report(SpscRing<Fault> inbox, string thread, Exception error)
    {
        metrics.CountRealtimeFault();
        // A full inbox (a storm of faults) still counts each one; the log shows the first sixteen per poll.
        inbox.TryWrite(new Fault(thread, error));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recent = new Queue<(DateTime At, long Total)>();
        while (!stoppingToken.IsCancellationRequested)
        {
            LogHandedOver();
            var now = DateTime.UtcNow;
            var total = metrics.RealtimeFaults;
            recent.Enqueue((now, total));
            while (now - recent.Peek().At > Window)
            {
                recent.Dequeue();
            }

            var inWindow = total - recent.Peek().Total;
            if (inWindow >= options.Value.FaultLimit)
            {
                log.LogCritical(
                    "Stopping: {Count} exceptions on the real-time threads within a minute reached {Setting} ({Limit}). " +
                    "The exit code is {Code}, so systemd's Restart=on-failure starts Improv afresh",
                    inWindow, $"{RealtimeOptions.Section}:FaultLimit", options.Value.FaultLimit, FailedExitCode);
                ExitCode = FailedExitCode;
                lifetime.StopApplication();
                return;
            }

            try
            {
                await Task.Delay(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogHandedOver();
    }

    private void LogHandedOver()
    {
        SpscRing<Fault>[] rings;
        lock (inboxesLock)
        {
            rings = [.. inboxes];
        }

        foreach (var ring in rings)
        {
            while (ring.TryRead(out var fault))
            {
                log.LogError(fault.Error, "{Thread} survived an exception: Improv's sounding notes were ended and it plays on", fault.Thread);
            }
        }
    }
}
