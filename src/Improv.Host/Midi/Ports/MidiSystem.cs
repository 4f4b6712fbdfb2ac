using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Midi.Ports;

/// <summary>
/// Settles the MIDI back end before any port opens (first hosted service): the configured one, or the one
/// detected here; with none found, starts a JACK dummy server and stops it again on shutdown (last).
/// </summary>
public sealed class MidiSystem(IOptions<MidiOptions> options, ILogger<MidiSystem> log) : IHostedService, IDisposable
{
    /// <summary>How long a JACK server that runs but does not answer is waited for: longer than its reaping of a crashed client.</summary>
    private static readonly TimeSpan JackPatience = TimeSpan.FromSeconds(90);

    private JackServer? _startedJack;

    public RtMidiApi Api { get; private set; }

    /// <summary>True when Improv talks to JACK through its own clients (Midi/Jack), not RtMidi.</summary>
    public bool OwnJack { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Backend != MidiBackend.Auto)
        {
            Api = MidiBackends.ToRtMidi(settings.Backend);
            OwnJack = settings.Backend == MidiBackend.Jack;
        }
        else if (MidiBackends.Detect() is { } detected)
        {
            Api = detected;
        }
        else if (OperatingSystem.IsLinux() && JackServer.Running(JackServer.CurrentName) is { } jackd && AwaitJack(jackd))
        {
            Api = RtMidiApi.Jack;
        }
        else if (settings.StartJack && OperatingSystem.IsLinux())
        {
            _startedJack = JackServer.StartDummy(TimeSpan.FromSeconds(10));
            Api = RtMidiApi.Jack;
            log.LogWarning(
                "No MIDI system here (no /dev/snd/seq, no JACK server): started a JACK dummy server '{Server}' " +
                "(jackd {Arguments}, pid {Pid}); it stops when Improv does", JackServer.CurrentName, JackServer.DummyArguments, _startedJack.ProcessId);
        }
        else
        {
            throw new InvalidOperationException(
                "No MIDI system found (no /dev/snd/seq, no JACK server answering) and Improv:Midi:StartJack is false: " +
                "start jackd, load snd-seq, or set Improv:Midi:Backend.");
        }
        if (!OwnJack && !MidiBackends.Compiled().Contains(Api))
        {
            throw new InvalidOperationException(
                $"{MidiOptions.Section}:Backend: this RtMidi has no {MidiBackends.DisplayName(Api)} support; " +
                $"it has {string.Join(", ", MidiBackends.Compiled().Select(MidiBackends.DisplayName))}.");
        }
        log.LogInformation("MIDI back end: {Backend}", OwnJack ? "JACK (Improv's own clients)" : MidiBackends.DisplayName(Api));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Waits for a jackd that is there but does not answer, rather than start a second server of its name beside it;
    /// false when it ends meanwhile. One that stays silent stops the start, naming it.
    /// </summary>
    private bool AwaitJack(int jackd)
    {
        log.LogWarning("JACK server '{Server}' (jackd, pid {Pid}) runs but does not answer yet (busy: after a crashed client it reaps its ports first); waiting up to {Seconds} s",
            JackServer.CurrentName, jackd, JackPatience.TotalSeconds);
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (waiting.Elapsed < JackPatience)
        {
            if (JackServer.AnswersOnce(TimeSpan.FromSeconds(2)))
            {
                log.LogInformation("JACK server '{Server}' answers after {Seconds:0.0} s", JackServer.CurrentName, waiting.Elapsed.TotalSeconds);
                return true;
            }
            if (JackServer.Running(JackServer.CurrentName) != jackd)
            {
                return false;
            }
            Thread.Sleep(250);
        }
        throw new InvalidOperationException(
            $"JACK server '{JackServer.CurrentName}' (jackd, pid {jackd}) runs but has not answered for {JackPatience.TotalSeconds} s: " +
            "it may be stuck; restart it, or stop it and let Improv start its own.");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _startedJack?.Dispose();
        _startedJack = null;
    }
}
