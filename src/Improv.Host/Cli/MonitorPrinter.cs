using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Performance;
using Improv.Host.Settings;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Improv.Host.Cli;

/// <summary>`improv monitor`: prints every event the input receives, like aseqdump, and what it dropped.</summary>
public sealed class MonitorPrinter(RawMessageRing ring, ImprovMetrics metrics, IOptions<PerformanceOptions> performance) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Print(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Print(CancellationToken stop)
    {
        var parser = new MidiStreamParser(metrics.Dropped);
        var start = Stopwatch.GetTimestamp();
        var droppedSoFar = 0L;
        var pacer = performance.Value.Pacer();
        Console.WriteLine("   seconds  event            ch  data");
        while (!stop.IsCancellationRequested)
        {
            var any = false;
            while (ring.TryRead(out var message))
            {
                any = true;
                ReadOnlySpan<byte> bytes = message.Bytes;
                foreach (var b in bytes[..Math.Min(message.Length, RawBytes.Capacity)])
                {
                    if (parser.Push(b, message.ReceivedAt, out var played))
                    {
                        Console.WriteLine($"{Stopwatch.GetElapsedTime(start, played.Time).TotalSeconds,10:F6}  {played}");
                    }
                }
                parser.EndOfMessage();
                if (metrics.Dropped.Total != droppedSoFar)
                {
                    droppedSoFar = metrics.Dropped.Total;
                    Console.WriteLine($"{Stopwatch.GetElapsedTime(start, message.ReceivedAt).TotalSeconds,10:F6}  (ignored or dropped: {Describe(message)})");
                }
            }
            if (any)
            {
                pacer.Heard();
            }
            else
            {
                pacer.Rest();
            }
        }
    }

    private static string Describe(in RawMessage message)
    {
        ReadOnlySpan<byte> bytes = message.Bytes;
        var hex = Convert.ToHexString(bytes[..Math.Min(message.Length, RawBytes.Capacity)]);
        return message.Length > RawBytes.Capacity ? $"{hex}... {message.Length} bytes" : hex;
    }
}
