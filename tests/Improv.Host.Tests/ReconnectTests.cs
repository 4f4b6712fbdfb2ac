using Improv.Host.Improvisation;
namespace Improv.Host.Tests;

/// <summary>A synth or DAW that goes away and comes back is found again by name.</summary>
/// <remarks>Generous waits: jackd in synchronous mode stalls for seconds while it reaps a killed client.</remarks>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class ReconnectTests
{
    [Theory]
    [InlineData("RtMidiJack")]
    [InlineData("Jack")]
    public async Task PeerKilledAndRestarted_IsReconnected(string backend)
    {
        using var daemon = DaemonProcess.Start("--backend", backend, "--mode", "Thru", "--input", "improv-test-peer:src", "--output", "improv-test-peer-sink:sink");
        using (var first = MidiPeer.Start("peer", "src", "sink"))
        {
            Assert.Equal("ECHO", first.ReadLine(TimeSpan.FromSeconds(60)));
            first.Kill();
        }
        // Both must have seen it gone: a peer back before the next once-a-second check looks never to have left.
        daemon.WaitFor("input peer 'improv-test-peer:src' vanished", TimeSpan.FromSeconds(60));
        daemon.WaitFor("output peer 'improv-test-peer-sink:sink' vanished", TimeSpan.FromSeconds(60));
        var whileGone = await daemon.ScrapeUntilAsync(
            s => Scrape.Value(s, "improv_ports_connected", "direction=\"input\"") == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, Scrape.Value(whileGone, "improv_ports_connected", "direction=\"input\""));

        using var second = MidiPeer.Start("peer", "src", "sink");
        Assert.True(second.ReadLine(TimeSpan.FromSeconds(60)) == "ECHO", $"no echo after the peer came back. The daemon said:\n{daemon.Output}");

        var scrape = await daemon.ScrapeUntilAsync(s =>
            Scrape.Value(s, "improv_port_reconnects_total", "direction=\"input\"") >= 1 &&
            Scrape.Value(s, "improv_port_reconnects_total", "direction=\"output\"") >= 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, Scrape.Value(scrape, "improv_port_reconnects_total", "direction=\"input\""));
        Assert.Equal(1, Scrape.Value(scrape, "improv_port_reconnects_total", "direction=\"output\""));
        Assert.Equal(1, Scrape.Value(scrape, "improv_ports_connected", "direction=\"input\""));
        Assert.Equal(1, Scrape.Value(scrape, "improv_ports_connected", "direction=\"output\""));
    }
}
