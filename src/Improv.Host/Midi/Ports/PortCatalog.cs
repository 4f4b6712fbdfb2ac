using Improv.Host.Native;

namespace Improv.Host.Midi.Ports;

/// <summary>The ports one back end shows: sources send MIDI (Improv's input connects to them), destinations receive it.</summary>
public sealed record PortCatalog(RtMidiApi Api, bool Available, IReadOnlyList<string> Sources, IReadOnlyList<string> Destinations)
{
    /// <summary>Lists every port of a back end through a short-lived RtMidi client of each direction.</summary>
    public static PortCatalog List(RtMidiApi api)
    {
        // libjack and libasound print a screenful when their system is missing; ask quietly first.
        if ((api == RtMidiApi.Jack && !JackServer.Answers()) || (api == RtMidiApi.Alsa && !File.Exists("/dev/snd/seq")))
        {
            return new PortCatalog(api, false, [], []);
        }
        var input = RtMidi.rtmidi_in_create(api, "Improv ports", 16);
        var output = RtMidi.rtmidi_out_create(api, "Improv ports");
        try
        {
            if (!RtMidi.IsOk(input) || !RtMidi.IsOk(output))
            {
                return new PortCatalog(api, false, [], []);
            }
            return new PortCatalog(api, true, MidiPort.ListPorts(input), MidiPort.ListPorts(output));
        }
        finally
        {
            RtMidi.rtmidi_in_free(input);
            RtMidi.rtmidi_out_free(output);
        }
    }
}
