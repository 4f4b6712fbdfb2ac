using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Recording;
using Improv.Host.Telemetry;

namespace Improv.Host.Performance;

/// <summary>
/// The hot path, on the handling thread: a raw message -> typed events -> the responder's answer in the
/// output schedule. Allocation-free; the panic controller ends every note instead of reaching the responder.
/// </summary>
public sealed class Performer(
    IResponder responder, OutputSchedule schedule, ImprovMetrics metrics, int panicController, SessionRecorder? recorder = null)
{
    private readonly MidiStreamParser _parser = new(metrics.Dropped);

    public OutputSchedule Schedule { get; } = schedule;

    /// <summary>Handles one message from the input ring, recording receive -> handled for each event.</summary>
    public void Hear(in RawMessage message)
    {
        ReadOnlySpan<byte> bytes = message.Bytes;
        foreach (var b in bytes[..Math.Min(message.Length, RawBytes.Capacity)])
        {
            if (!_parser.Push(b, message.ReceivedAt, out var played))
            {
                continue;
            }
            metrics.CountIn();
            recorder?.Record(RecordedPart.Player, played);
            if (played.Kind == LiveEventKind.ControlChange && played.Controller == panicController)
            {
                Schedule.Panic();
            }
            else
            {
                responder.Respond(played, Schedule);
            }
            metrics.InputHandling.Record(Stopwatch.GetElapsedTime(message.ReceivedAt).TotalSeconds);
        }
        _parser.EndOfMessage();
    }
}
