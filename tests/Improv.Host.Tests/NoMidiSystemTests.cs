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

    [GeneratedRegex("started a JACK dummy server '(?<name>[^']+)' \\(jackd [^,]+, pid (?<pid>\\d+)\\)")]
    private static partial Regex StartedServer();
}
