using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Improv.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Improv.Host.Improvisation;

namespace Improv.Host.Tests.Telemetry;

/// <summary>The exact latency samples the live benchmark reads: kept in order, bounded, free on the hot path, served over HTTP.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class LatencySamplesTests
{
    private const string DaemonIn = "Improv In:Improv In";
    private const string DaemonOut = "Improv Out:Improv Out";

    [Fact]
    public void KeepsEveryValueInOrder_CountsThosePastCapacity_AndAllocatesNothingPerValue()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new ImprovMetrics(services.GetRequiredService<IMeterFactory>());
        using var samples = new LatencySamples(metrics, capacity: 1000);

        for (var i = 0; i < 100; i++)
        {
            metrics.InputHandling.Record(i * 1e-6);
            metrics.OutputTimingError.Record(-i * 1e-6);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 100; i < 1500; i++)
        {
            metrics.InputHandling.Record(i * 1e-6);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var snapshot = samples.Read();

        Assert.Equal(0, allocated);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i * 1e-6), snapshot.InputHandlingSeconds);
        Assert.Equal(1500, snapshot.InputHandlingRecorded);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => -i * 1e-6), snapshot.OutputTimingErrorSeconds);
        Assert.Equal(100, snapshot.OutputTimingErrorRecorded);
    }

    [Fact]
    public void ListensOnlyToItsOwnMetrics()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var mine = new ImprovMetrics(services.GetRequiredService<IMeterFactory>());
        var other = new ImprovMetrics(otherServices.GetRequiredService<IMeterFactory>());
        using var samples = new LatencySamples(mine, capacity: 10);

        other.InputHandling.Record(0.5);
        mine.InputHandling.Record(0.25);

        Assert.Equal([0.25], samples.Read().InputHandlingSeconds);
    }

    [Fact]
    public async Task TheDaemonServesOneSamplePerEventHandledAndSent()
    {
        string[] played = [.. Enumerable.Range(0, 100).SelectMany(i => new[] { $"90{40 + i % 40:x2}50", $"80{40 + i % 40:x2}00" })];
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, played);
        using var daemon = DaemonProcess.Start("--mode", "Thru", "--Improv:Metrics:Samples=5000");
        using var peer = MidiPeer.Start("burst", DaemonIn, DaemonOut, file);

        Assert.Equal(played.Length, peer.ReadToEnd(TimeSpan.FromSeconds(60)).Count);
        using var http = new HttpClient();
        using var json = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{daemon.MetricsPort}{LatencySamples.Path}"));
        var root = json.RootElement;
        var handling = root.GetProperty("input_handling_seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var timing = root.GetProperty("output_timing_error_seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();

        // Thru answers each event at once: one handling sample and one sent message per event, none negative.
        Assert.Equal(played.Length, handling.Count);
        Assert.Equal(played.Length, timing.Count);
        Assert.Equal(played.Length, root.GetProperty("input_handling_recorded").GetInt64());
        Assert.All(handling, s => Assert.InRange(s, 0, 60));
        Assert.All(timing, s => Assert.InRange(s, 0, 60));
        var scrape = await daemon.ScrapeAsync();
        Assert.Equal(handling.Sum(), Scrape.Value(scrape, "improv_input_handling_seconds_sum"), precision: 6);
        File.Delete(file);
    }

    [Fact]
    public async Task WithoutTheSettingNothingIsKeptOrServed()
    {
        using var daemon = DaemonProcess.Start("--mode", "Thru");
        await daemon.ScrapeAsync();
        using var http = new HttpClient();

        var response = await http.GetAsync($"http://127.0.0.1:{daemon.MetricsPort}{LatencySamples.Path}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
