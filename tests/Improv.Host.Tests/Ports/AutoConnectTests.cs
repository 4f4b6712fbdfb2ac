using Xunit.Abstractions;
using Improv.Host.Improvisation;

namespace Improv.Host.Tests.Ports;

/// <summary>A keyboard behind a2jmidid, plugged in after Improv started, unplugged and plugged in again, plays and hears Improv.</summary>
/// <remarks>Generous waits: jackd in synchronous mode stalls for seconds while it reaps a killed client.</remarks>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class AutoConnectTests(ITestOutputHelper output)
{
    private const string Capture = "a2j:Test Keys [24] (capture): Test Keys MIDI 1";
    private const string Playback = "a2j-01:Test Keys [24] (playback): Test Keys MIDI 1";

    [Fact]
    public async Task AKeyboardPluggedInLater_IsConnectedBothWays_AndAgainAfterReplugging()
    {
        using var daemon = DaemonProcess.Start("--mode", "Thru", "--input", "Auto", "--output", "Auto");
        daemon.WaitFor("Answering on 'Improv Out", TimeSpan.FromSeconds(30));

        using (var keyboard = MidiPeer.Start("keyboard", "Test Keys", "24", "Test Keys MIDI 1"))
        {
            Heard(keyboard, "plugged in", daemon);
            keyboard.Kill();
        }
        daemon.WaitFor($"Keyboard '{Capture}' connected to 'Improv In:Improv In': a2jmidid bridge of ALSA kernel client 24", TimeSpan.FromSeconds(10));
        daemon.WaitFor($"Answering on '{Playback}': the keyboard's own device", TimeSpan.FromSeconds(10));
        daemon.WaitFor($"Keyboard '{Capture}' is gone", TimeSpan.FromSeconds(60));

        using var again = MidiPeer.Start("keyboard", "Test Keys", "24", "Test Keys MIDI 1");
        Heard(again, "plugged in again", daemon);
        daemon.WaitFor($"Keyboard '{Capture}' is back: reconnected", TimeSpan.FromSeconds(10));
        var scrape = await daemon.ScrapeUntilAsync(s => Scrape.Value(s, "improv_port_reconnects_total", "direction=\"input\"") >= 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, Scrape.Value(scrape, "improv_port_reconnects_total", "direction=\"input\""));
        Assert.Equal(1, Scrape.Value(scrape, "improv_ports_connected", "direction=\"input\""));
        Assert.Equal(1, Scrape.Value(scrape, "improv_ports_connected", "direction=\"output\""));
    }

    /// <summary>
    /// Two keyboards at once (or one that sends on two ports) play into the one input, merged; the answer stays on the
    /// device it went to first, and carries both keyboards' notes (Thru).
    /// </summary>
    [Fact]
    public void TwoKeyboardsAtOnce_BothPlayIntoImprov_AndTheAnswerStaysOnTheFirst()
    {
        using var daemon = DaemonProcess.Start("--mode", "Thru");
        daemon.WaitFor("Answering on 'Improv Out", TimeSpan.FromSeconds(30));
        using var keys = MidiPeer.Start("keyboard", "Test Keys", "24", "Test Keys MIDI 1", "60");
        daemon.WaitFor($"Answering on '{Playback}'", TimeSpan.FromSeconds(30));

        // Its clients are the third and fourth named "a2j", so JACK calls them "a2j-02" and "a2j-03".
        using var other = MidiPeer.Start("keyboard", "Other Keys", "25", "Other Keys MIDI 1", "62");
        daemon.WaitFor("Keyboard 'a2j-02:Other Keys [25] (capture): Other Keys MIDI 1' connected to 'Improv In:Improv In'", TimeSpan.FromSeconds(30));

        // The answered keyboard hears both keyboards' notes come back; the other one hears nothing.
        var heard = new HashSet<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (heard.Count < 2 && DateTime.UtcNow < deadline && keys.ReadLine(TimeSpan.FromSeconds(5)) is { } line)
        {
            if (line.StartsWith("KEY ", StringComparison.Ordinal))
            {
                heard.Add(line[4..]);
            }
        }
        Assert.Equal(["60", "62"], heard.Order());
        Assert.Null(other.ReadLine(TimeSpan.FromSeconds(1)));
        Assert.Single(daemon.Output.Split('\n'), line => line.Contains("Answering on 'a2j", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoImprovsOnOneServer_EachConnectTheKeyboardToTheirOwnInput()
    {
        using var first = DaemonProcess.Start("--mode", "Thru");
        first.WaitFor("Answering on 'Improv Out", TimeSpan.FromSeconds(30));
        using var recordings = new TemporaryFolder();
        // JACK names the second one's clients "Improv In-01" and "Improv Out-01"; the first one's ports were there first.
        using var second = DaemonProcess.Start("--mode", "Thru", $"--Improv:Recording:Folder={recordings.Path}");
        second.WaitFor("Answering on 'Improv Out-01", TimeSpan.FromSeconds(30));

        using var keyboard = MidiPeer.Start("keyboard", "Test Keys", "24", "Test Keys MIDI 1");
        Heard(keyboard, "plugged in beside two Improvs", second);
        first.WaitFor($"Keyboard '{Capture}' connected to 'Improv In:Improv In'", TimeSpan.FromSeconds(10));
        second.WaitFor($"Keyboard '{Capture}' connected to 'Improv In-01:Improv In'", TimeSpan.FromSeconds(10));
        second.WaitFor("Another Improv plays on this MIDI system", TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("Improv In-01", first.Output, StringComparison.Ordinal);
    }

    /// <summary>Waits for the keyboard to hear Improv's first note, and reports how long after its ports appeared that was.</summary>
    private void Heard(MidiPeer keyboard, string when, DaemonProcess daemon)
    {
        var line = keyboard.ReadLine(TimeSpan.FromSeconds(60));
        Assert.True(line is not null && line.StartsWith("HEARD ", StringComparison.Ordinal), $"the keyboard {when} heard nothing. The daemon said:\n{daemon.Output}");
        output.WriteLine($"keyboard {when}: first note heard {line["HEARD ".Length..]} s after its ports appeared");
    }
}
