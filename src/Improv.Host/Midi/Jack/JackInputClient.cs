using System.Runtime.CompilerServices;
using Improv.Host.Midi.Input;
using Improv.Host.Native;
using Improv.Host.Realtime;

namespace Improv.Host.Midi.Jack;

/// <summary>
/// Improv's own JACK input: each cycle's process callback copies every event, stamped with the cycle's start, into the
/// input ring and rings the doorbell once, so no thread polls and the performer wakes in the cycle the event came in.
/// Each JACK event is one message to the parser, so a SysEx without F7 ends at the next event's status byte (MIDI 1.0).
/// </summary>
/// <remarks>
/// Every event of a cycle shares its arrival time, the moment it became Improv's (as RtMidi's JACK input stamps them):
/// its frame offset places it in JACK's model of time, a period ahead of the wall clock, not when it reached Improv.
/// </remarks>
public sealed unsafe class JackInputClient(string name, RawMessageRing received, Doorbell doorbell, JackMetrics metrics)
    : JackClient(name, input: true, metrics)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Process(in CycleClock clock, long began)
    {
        var buffer = LibJack.PortGetBuffer(Port, clock.Frames);
        var count = LibJack.MidiGetEventCount(buffer);
        JackMidiEvent midi;
        for (uint i = 0; i < count; i++)
        {
            if (LibJack.MidiEventGet(&midi, buffer, i) != 0)
            {
                continue;
            }
            var length = (int)midi.Size;
            received.TryWrite(began, 0, new ReadOnlySpan<byte>(midi.Buffer, Math.Min(length, RawBytes.Capacity)), length);
        }
        if (count > 0)
        {
            doorbell.Ring();
        }
    }
}
