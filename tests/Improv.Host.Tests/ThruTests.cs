using Improv.Host.Improvisation;
namespace Improv.Host.Tests;

/// <summary>The whole path through a real JACK server: external client -> Improv In -> thru -> Improv Out -> external client.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class ThruTests
{
    private const string DaemonIn = "Improv In:Improv In";
    private const string DaemonOut = "Improv Out:Improv Out";

    /// <summary>Every message distinct by position: notes, CCs (never the panic CC 123) and pitch bends on all channels.</summary>
    private static List<string> Burst(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var channel = i / 4 % 16;
        byte[] message = (i % 4) switch
        {
            0 => [(byte)(0x90 | channel), (byte)(i / 4 % 128), (byte)(1 + i / 4 % 127)],
            1 => [(byte)(0x80 | channel), (byte)(i / 4 % 128), (byte)(i % 128)],
            2 => [(byte)(0xB0 | channel), (byte)(i / 4 % 120), (byte)(i % 128)],
            _ => [(byte)(0xE0 | channel), (byte)(i % 128), (byte)(i / 128 % 128)],
        };
        return Convert.ToHexStringLower(message);
    }).ToList();

    [Fact]
    public async Task BurstOf2000ArrivesComplete_InOrder_AndTheMetricsCountIt()
    {
        var burst = Burst(2000);
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, burst);
        using var daemon = DaemonProcess.Start("--mode", "Thru");
        using var peer = MidiPeer.Start("burst", DaemonIn, DaemonOut, file);

        var received = peer.ReadToEnd(TimeSpan.FromSeconds(60));

        Assert.Equal(burst.Count, received.Count);
        Assert.Equal(burst, received);
        var scrape = await daemon.ScrapeAsync();
        Assert.Equal(2000, Scrape.Value(scrape, "improv_events_in_total"));
        Assert.Equal(2000, Scrape.Value(scrape, "improv_events_out_total"));
        Assert.Equal(2000, Scrape.Value(scrape, "improv_input_handling_seconds_count"));
        Assert.Equal(2000, Scrape.Value(scrape, "improv_output_timing_error_seconds_count"));
        Assert.Equal(2000, Scrape.Value(scrape, "improv_input_handling_seconds_bucket", "le=\"+Inf\""));
        // The finest bucket is 25 us, the widest 100 ms.
        Scrape.Value(scrape, "improv_output_timing_error_seconds_bucket", "le=\"2.5E-05\"");
        Scrape.Value(scrape, "improv_output_timing_error_seconds_bucket", "le=\"0.1\"");
        Assert.Equal(0, Scrape.Value(scrape, "improv_events_dropped_total", "reason=\"ring_overflow\""));
        File.Delete(file);
    }

    [Fact]
    public void TransposeMovesNotesAndDropsThoseOffTheKeyboard()
    {
        string[] played = ["903c40", "803c00", "907d40", "807d00", "b0070f"];
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, played);
        using var daemon = DaemonProcess.Start("--mode", "Thru", "--transpose", "5");
        using var peer = MidiPeer.Start("burst", DaemonIn, DaemonOut, file, "3");

        var received = peer.ReadToEnd(TimeSpan.FromSeconds(60));

        // 60 -> 65; 125 + 5 is past 127, so neither its note-on nor its note-off is played.
        Assert.Equal(["904140", "804100", "b0070f"], received);
        File.Delete(file);
    }
}
