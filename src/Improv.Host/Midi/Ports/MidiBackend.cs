using Improv.Host.Native;

namespace Improv.Host.Midi.Ports;

/// <summary>Which MIDI system Improv talks to: chosen in settings, or detected when Auto.</summary>
public enum MidiBackend
{
    Auto,
    Alsa,

    /// <summary>JACK through Improv's own clients (Midi/Jack): woken by the JACK cycle, each message at its frame.</summary>
    Jack,
    CoreMidi,
    WinMM,

    /// <summary>JACK through RtMidi, polled from Improv's receiver thread.</summary>
    RtMidiJack,
}

/// <summary>Maps settings to RtMidi back ends and finds the one this machine has.</summary>
public static class MidiBackends
{
    /// <summary>The back ends this RtMidi build was compiled with, in RtMidi's order.</summary>
    public static unsafe IReadOnlyList<RtMidiApi> Compiled()
    {
        var apis = stackalloc RtMidiApi[8];
        var count = RtMidi.rtmidi_get_compiled_api(apis, 8);
        var result = new List<RtMidiApi>();
        for (var i = 0; i < Math.Min(count, 8); i++)
        {
            if (apis[i] != RtMidiApi.Dummy)
            {
                result.Add(apis[i]);
            }
        }
        return result;
    }

    public static RtMidiApi ToRtMidi(MidiBackend backend) => backend switch
    {
        MidiBackend.Alsa => RtMidiApi.Alsa,
        MidiBackend.Jack or MidiBackend.RtMidiJack => RtMidiApi.Jack,
        MidiBackend.CoreMidi => RtMidiApi.CoreMidi,
        MidiBackend.WinMM => RtMidiApi.WinMM,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Auto has no RtMidi back end; detect it first"),
    };

    public static string DisplayName(RtMidiApi api) => api switch
    {
        RtMidiApi.Alsa => "ALSA",
        RtMidiApi.Jack => "JACK",
        RtMidiApi.CoreMidi => "CoreMIDI",
        RtMidiApi.WinMM => "WinMM",
        _ => api.ToString(),
    };

    /// <summary>
    /// The MIDI system present here: CoreMIDI and WinMM always are; on Linux ALSA when its sequencer device
    /// exists, else JACK when a server answers; null when neither (RtMidi does not fall back by itself).
    /// </summary>
    public static RtMidiApi? Detect()
    {
        if (OperatingSystem.IsMacOS())
        {
            return RtMidiApi.CoreMidi;
        }
        if (OperatingSystem.IsWindows())
        {
            return RtMidiApi.WinMM;
        }
        if (File.Exists("/dev/snd/seq"))
        {
            return RtMidiApi.Alsa;
        }
        return JackServer.Answers() ? RtMidiApi.Jack : null;
    }
}
