using Improv.Host.Midi.Ports;
using Improv.Host.Native;

namespace Improv.Host.Cli.Doctor;

/// <summary>RtMidi is installed and the MIDI system the settings ask for (or Auto finds) is there.</summary>
public sealed class MidiSystemCheck : IStageCheck
{
    private const string Name = "MIDI system";

    private const string StartOne =
        "load the ALSA sequencer (`sudo modprobe snd-seq`), or start JACK on your sound card (`jackd -d alsa`, or QjackCtl) as the same user";

    public IEnumerable<Finding> Run(StageSetup setup)
    {
        IReadOnlyList<RtMidiApi> compiled;
        try
        {
            compiled = MidiBackends.Compiled();
        }
        catch (DllNotFoundException e)
        {
            return [Finding.Failure(Name, e.Message,
                "install RtMidi: Debian/Ubuntu `sudo apt-get install librtmidi6 jackd2`, macOS `brew install rtmidi`, Windows: rtmidi.dll beside improv.exe")];
        }

        var backend = setup.Midi.Backend;
        var api = Present(setup.Midi);
        if (api is null)
        {
            return [backend switch
            {
                MidiBackend.Alsa => Finding.Failure(Name, $"{MidiOptions.Section}:Backend is Alsa, but there is no ALSA sequencer (/dev/snd/seq)",
                    "`sudo modprobe snd-seq` (add snd-seq to /etc/modules to load it at boot), or set Improv:Midi:Backend=Auto"),
                MidiBackend.Jack or MidiBackend.RtMidiJack => Finding.Failure(Name, $"{MidiOptions.Section}:Backend is {backend}, but no JACK server '{JackServer.CurrentName}' answers",
                    "start JACK (`jackd -d alsa`, or QjackCtl) as the same user, or set JACK_DEFAULT_SERVER to its name"),
                _ => Finding.Failure(Name,
                    $"no MIDI system: no ALSA sequencer (/dev/snd/seq) and no JACK server '{JackServer.CurrentName}' answers" +
                    (setup.Midi.StartJack ? "; `improv run` would start a JACK dummy server, which MIDI software can reach but no keyboard" : ""),
                    StartOne),
            }];
        }
        if (!compiled.Contains(api.Value))
        {
            return [Finding.Failure(Name,
                $"this RtMidi has no {MidiBackends.DisplayName(api.Value)} support; it has {string.Join(", ", compiled.Select(MidiBackends.DisplayName))}",
                "install an RtMidi built with it (Debian's librtmidi6 has ALSA and JACK), or set Improv:Midi:Backend")];
        }
        var where = api.Value switch
        {
            RtMidiApi.Alsa => "ALSA sequencer (/dev/snd/seq)",
            RtMidiApi.Jack => $"JACK server '{JackServer.CurrentName}' answers",
            _ => MidiBackends.DisplayName(api.Value),
        };
        var ownClients = api != RtMidiApi.Jack ? ""
            : backend == MidiBackend.Jack ? "; Improv reaches it through its own JACK clients (Backend=Jack)"
            : "; Improv reaches it through RtMidi (`--backend Jack`: through its own JACK clients, each message at its frame)";
        return [Finding.Ok(Name, $"{where}; RtMidi has {string.Join(", ", compiled.Select(MidiBackends.DisplayName))}{ownClients}")];
    }

    /// <summary>The back end `improv run` would use without starting a server of its own; null when it is not there.</summary>
    public static RtMidiApi? Present(MidiOptions midi) => midi.Backend switch
    {
        MidiBackend.Auto => MidiBackends.Detect(),
        MidiBackend.Alsa => File.Exists("/dev/snd/seq") ? RtMidiApi.Alsa : null,
        MidiBackend.Jack or MidiBackend.RtMidiJack => JackServer.Answers() ? RtMidiApi.Jack : null,
        var chosen => MidiBackends.ToRtMidi(chosen),
    };
}
