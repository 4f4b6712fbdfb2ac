using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Improv.Host.Realtime;

namespace Improv.Host.Cli;

/// <summary>`improv monitor`: prints every event the input receives, like aseqdump, and what it dropped.</summary>
public sealed class MonitorPrinter(RawMessageRing ring, ImprovMetrics metrics, IOptions<RealtimeOptions> performance, ILogger<MonitorPrinter> log)
    : DedicatedLoop(performance.Value, "improv monitor", log, realtime: false)
{
    private readonly MidiStreamParser _parser = new(metrics.Dropped);
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _droppedSoFar;

    protected override void Started() => Console.WriteLine("   seconds  event            ch  data");

    protected override bool Pass()
    {
        var any = false;
        while (ring.TryRead(out var message))
        {
            any = true;
            ReadOnlySpan<byte> bytes = message.Bytes;
            foreach (var b in bytes[..Math.Min(message.Length, RawBytes.Capacity)])
            {
                if (_parser.Push(b, message.ReceivedAt, out var played))
                {
                    Console.WriteLine($"{Stopwatch.GetElapsedTime(_start, played.Time).TotalSeconds,10:F6}  {played}");
                }
            }
            _parser.EndOfMessage();
            if (metrics.Dropped.Total != _droppedSoFar)
            {
                _droppedSoFar = metrics.Dropped.Total;
                Console.WriteLine($"{Stopwatch.GetElapsedTime(_start, message.ReceivedAt).TotalSeconds,10:F6}  (ignored or dropped: {Describe(message)})");
            }
        }
        return any;
    }

    private static string Describe(in RawMessage message)
    {
        ReadOnlySpan<byte> bytes = message.Bytes;
        var hex = Convert.ToHexString(bytes[..Math.Min(message.Length, RawBytes.Capacity)]);
        return message.Length > RawBytes.Capacity ? $"{hex}... {message.Length} bytes" : hex;
    }
}
