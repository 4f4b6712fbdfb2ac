using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Recording;
using Improv.Host.Telemetry;
using Improv.Host.Improvisation;

namespace Improv.Host.Live;

/// <summary>
/// The hot path, on the handling thread: a raw message -> typed events -> the responder's answer in the
/// output schedule. Allocation-free. Every way the player lets go reaches the responder and the recording as note-offs:
/// All Notes Off, All Sound Off and Reset All Controllers become a note-off for each key the player holds on that
/// channel. The panic controller (CC 123 by default) then also stops whatever Improv plays.
/// </summary>
public sealed class Performer(
    IResponder responder, OutputSchedule schedule, ImprovMetrics metrics, int panicController, SessionRecorder? recorder = null)
{
    /// <summary>CC 120: All Sound Off.</summary>
    public const byte AllSoundOff = 120;

    /// <summary>CC 121: Reset All Controllers.</summary>
    public const byte ResetAllControllers = 121;

    private readonly MidiStreamParser _parser = new(metrics.Dropped);

    /// <summary>The player's keys down, per channel: what a channel-mode message lets go of.</summary>
    private readonly SoundingNotes _held = new();

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
            if (LetsGo(played))
            {
                ReleaseHeld(played.Channel, played.Time);
            }
            Play(played);
            metrics.InputHandling.Record(Stopwatch.GetElapsedTime(message.ReceivedAt).TotalSeconds);
        }
        _parser.EndOfMessage();
    }

    private static bool LetsGo(in LiveEvent played) =>
        played.Kind == LiveEventKind.ControlChange && played.Controller is AllSoundOff or ResetAllControllers or NoteScheduler.AllNotesOff;

    /// <summary>A note-off for every key the player holds on <paramref name="channel"/>, as if each had been let go.</summary>
    private void ReleaseHeld(byte channel, long time)
    {
        for (byte key = 0; key < 128; key++)
        {
            if (_held.IsSounding(channel, key))
            {
                Play(LiveEvent.NoteOff(channel, key, time));
            }
        }
    }

    private void Play(in LiveEvent played)
    {
        _held.Track(played);
        recorder?.Record(RecordedPart.Player, played);
        if (played.Kind == LiveEventKind.ControlChange && played.Controller == panicController)
        {
            responder.Panic(played.Time, Schedule);
        }
        else
        {
            responder.Respond(played, Schedule);
        }
    }
}
