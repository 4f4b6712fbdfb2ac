using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Improv.Host.Telemetry;

/// <summary>
/// Every value recorded into the input-handling and output-timing-error histograms, kept exactly (histogram
/// buckets only bound a percentile) for the live latency benchmark. Off unless Improv:Metrics:Samples is set.
/// A MeterListener copies each measurement, on the thread that records it, into an array allocated at start:
/// a slot claimed with one atomic add, no lock, no allocation; past capacity values are counted, not kept.
/// </summary>
public sealed class LatencySamples : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly Series inputHandling;
    private readonly Series outputTimingError;

    public LatencySamples(ImprovMetrics metrics, int capacity)
    {
        inputHandling = new Series(capacity);
        outputTimingError = new Series(capacity);
        listener.SetMeasurementEventCallback<double>(static (_, value, _, state) => ((Series)state!).Add(value));
        listener.EnableMeasurementEvents(metrics.InputHandling, inputHandling);
        listener.EnableMeasurementEvents(metrics.OutputTimingError, outputTimingError);
        listener.Start();
    }

    public const string Path = "/latency-samples";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// With Improv:Metrics:Samples above 0, starts recording and serves the samples as JSON at <see cref="Path"/>
    /// beside /metrics. Called before the host runs, so nothing the performer records is missed.
    /// </summary>
    public static void Map(WebApplication app)
    {
        var capacity = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Samples;
        if (capacity == 0)
        {
            return;
        }

        var samples = new LatencySamples(app.Services.GetRequiredService<ImprovMetrics>(), capacity);
        app.Lifetime.ApplicationStopped.Register(samples.Dispose);
        app.MapGet(Path, () => Results.Json(samples.Read(), Json));
    }

    /// <summary>What has been recorded so far, in seconds, in the order recorded; read off the real-time threads.</summary>
    public Snapshot Read() => new(inputHandling.Read(), inputHandling.Recorded, outputTimingError.Read(), outputTimingError.Recorded);

    public void Dispose() => listener.Dispose();

    /// <summary>The samples kept and how many were recorded in all (more than kept once the buffer is full).</summary>
    public sealed record Snapshot(double[] InputHandlingSeconds, long InputHandlingRecorded, double[] OutputTimingErrorSeconds, long OutputTimingErrorRecorded);

    private sealed class Series(int capacity)
    {
        // NaN marks a slot claimed but not yet written, so a reader racing a writer skips it instead of reading 0.
        private readonly double[] values = Enumerable.Repeat(double.NaN, capacity).ToArray();
        private long claimed;

        public long Recorded => Volatile.Read(ref claimed);

        public void Add(double value)
        {
            var slot = Interlocked.Increment(ref claimed) - 1;
            if (slot < values.Length)
            {
                Volatile.Write(ref values[slot], value);
            }
        }

        public double[] Read()
        {
            var count = (int)Math.Min(Recorded, values.Length);
            return values.AsSpan(0, count).ToArray().Where(v => !double.IsNaN(v)).ToArray();
        }
    }
}
