using Improv.Host.Native;

namespace Improv.Host.Synth;

/// <summary>Where FluidSynth's audio goes (Improv:Synth:Audio).</summary>
public enum SynthAudio
{
    /// <summary>The MIDI system's own audio side: JACK on JACK; on ALSA a PulseAudio server (PipeWire's too) when one runs, else ALSA.</summary>
    Auto,
    Jack,
    PulseAudio,
    Alsa,
}

/// <summary>Chooses FluidSynth's audio driver (its -a) for the MIDI system Improv plays on.</summary>
public static class SynthAudioDriver
{
    /// <summary>
    /// FluidSynth's driver name, or null for FluidSynth's own choice (CoreAudio on macOS, DirectSound on Windows).
    /// Auto does not leave Linux to FluidSynth: Debian's build opens ALSA's "default" device, which reaches a running
    /// sound server only through the ALSA pulse plugin (libasound2-plugins), and a sound server holds the card itself.
    /// </summary>
    public static string? For(RtMidiApi api, SynthAudio audio, Func<string, string?> environment, Func<string, bool> exists) => audio switch
    {
        SynthAudio.Jack => "jack",
        SynthAudio.PulseAudio => "pulseaudio",
        SynthAudio.Alsa => "alsa",
        _ => api switch
        {
            RtMidiApi.Jack => "jack",
            RtMidiApi.Alsa => PulseServerRuns(environment, exists) ? "pulseaudio" : "alsa",
            _ => null,
        },
    };

    /// <summary>The machine's own answer, from this process's environment and files.</summary>
    public static string? For(RtMidiApi api, SynthAudio audio) => For(api, audio, Environment.GetEnvironmentVariable, File.Exists);

    // A PulseAudio server, or PipeWire's pipewire-pulse, owns the sound card while it runs: ALSA's hw device is then
    // busy, and its "default" device may not reach it. Its socket is where libpulse looks for it.
    private static bool PulseServerRuns(Func<string, string?> environment, Func<string, bool> exists) =>
        !string.IsNullOrEmpty(environment("PULSE_SERVER"))
        || (environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && exists(Path.Combine(runtime, "pulse", "native")));
}
