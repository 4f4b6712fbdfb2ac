using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Improv.Host.Tests;

/// <summary>
/// On a machine with no MIDI system (no /dev/snd/seq here, and a JACK server name nobody runs), `improv run`
/// brings up its own JACK dummy server, says so, serves /metrics, and stops that server when it stops.
/// </summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public partial class NoMidiSystemTests
{
    [Fact]
    public async Task RunStartsItsOwnJackServer_AndStopsItOnSigterm()
    {
        Assert.False(File.Exists("/dev/snd/seq"), "this test needs a machine without ALSA MIDI");
        var server = $"improv-auto-{Guid.NewGuid():N}"[..24];
        var environment = new Dictionary<string, string> { ["JACK_DEFAULT_SERVER"] = server };
        using var daemon = DaemonProcess.StartCommand(environment, "run", "Metrics: http://", "--metrics-port", DaemonProcess.FreePort().ToString());

        var started = StartedServer().Match(daemon.Output);
        Assert.True(started.Success, $"the daemon did not say it started a JACK server:\n{daemon.Output}");
        Assert.Equal(server, started.Groups["name"].Value);
        var jackd = Process.GetProcessById(int.Parse(started.Groups["pid"].Value));
        Assert.Contains("Play into 'Improv In:Improv In'", daemon.Output);
        Assert.Contains("improv_events_in_total", await daemon.ScrapeAsync());

        Assert.Equal(0, daemon.Terminate(TimeSpan.FromSeconds(30)));
        Assert.True(jackd.WaitForExit(TimeSpan.FromSeconds(10)), "the JACK server Improv started outlived it");
    }

    /// <summary>
    /// A JACK server that is there but answers nothing (frozen here; busy reaping a crashed client's ports on stage,
    /// right when systemd restarts Improv) is waited for. Before, Improv took it for no server and started a second
    /// of the same name beside it.
    /// </summary>
    [Fact]
    public void AJackServerThatDoesNotAnswerYet_IsWaitedFor_NotDoubled()
    {
        var server = $"improv-busy-{Guid.NewGuid():N}"[..24];
        var environment = new Dictionary<string, string> { ["JACK_DEFAULT_SERVER"] = server };
        using var jackd = Process.Start(new ProcessStartInfo("/usr/bin/jackd", ["-n", server, "-r", "-S", "-p", "128", "-d", "dummy", "-r", "48000", "-p", "64"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!JackLsp.Listing(server).Contains("system:", StringComparison.Ordinal))
            {
                Assert.True(!jackd.HasExited && DateTime.UtcNow < deadline, "the test's JACK server did not come up");
                Thread.Sleep(100);
            }
            Signals.Stop(jackd.Id);

            using var daemon = DaemonProcess.StartCommand(environment, "run", "runs but does not answer yet", "--metrics-port", DaemonProcess.FreePort().ToString());
            Assert.Contains($"JACK server '{server}' (jackd, pid {jackd.Id}) runs but does not answer yet", daemon.Output);
            Signals.Continue(jackd.Id);
            daemon.WaitFor("Metrics: http://", TimeSpan.FromSeconds(60));

            Assert.Contains($"JACK server '{server}' answers after", daemon.Output);
            Assert.DoesNotContain("started a JACK dummy server", daemon.Output);
            Assert.Contains("Improv In:Improv In", JackLsp.Listing(server));
        }
        finally
        {
            Signals.Continue(jackd.Id);
            Signals.Terminate(jackd.Id);
            jackd.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    [GeneratedRegex("started a JACK dummy server '(?<name>[^']+)' \\(jackd [^,]+, pid (?<pid>\\d+)\\)")]
    private static partial Regex StartedServer();
}
