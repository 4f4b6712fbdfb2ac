using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Improv.Host.Synth;

namespace Improv.Host.Tests.Synth;

/// <summary>Where the synth's sound goes on each MIDI system, and the FluidSynth command line that sends it there.</summary>
public sealed class SynthAudioTests
{
    private static readonly Dictionary<string, string?> NoPulse = new() { ["XDG_RUNTIME_DIR"] = "/run/user/1000" };

    private static string? Driver(RtMidiApi api, SynthAudio audio, Dictionary<string, string?> environment, params string[] files) =>
        SynthAudioDriver.For(api, audio, name => environment.GetValueOrDefault(name), files.Contains);

    [Fact]
    public void Auto_FollowsTheMidiSystem_AndOnAlsaARunningPulseServer()
    {
        Assert.Equal("jack", Driver(RtMidiApi.Jack, SynthAudio.Auto, NoPulse));
        Assert.Equal("alsa", Driver(RtMidiApi.Alsa, SynthAudio.Auto, NoPulse));
        Assert.Equal("pulseaudio", Driver(RtMidiApi.Alsa, SynthAudio.Auto, NoPulse, "/run/user/1000/pulse/native"));
        Assert.Equal("pulseaudio", Driver(RtMidiApi.Alsa, SynthAudio.Auto, new() { ["PULSE_SERVER"] = "tcp:mixer.local" }));
        Assert.Null(Driver(RtMidiApi.CoreMidi, SynthAudio.Auto, NoPulse));
        Assert.Null(Driver(RtMidiApi.WinMM, SynthAudio.Auto, NoPulse));
    }

    [Fact]
    public void ANamedDriver_IsUsedOnAnyMidiSystem()
    {
        Assert.Equal("pulseaudio", Driver(RtMidiApi.Jack, SynthAudio.PulseAudio, NoPulse));
        Assert.Equal("alsa", Driver(RtMidiApi.Alsa, SynthAudio.Alsa, NoPulse, "/run/user/1000/pulse/native"));
        Assert.Equal("jack", Driver(RtMidiApi.Alsa, SynthAudio.Jack, NoPulse));
    }

    [Fact]
    public void TheCommandLine_NamesTheSynthsPort_AndConnectsJackAudioToThePlayback()
    {
        var settings = new SynthOptions { SoundFont = "/sf/gm.sf2", Gain = 0.6 };

        Assert.Equal(["-g", "0.6", "-a", "jack", "-j", "-o", "audio.jack.id=improv-synth", "-m", "jack", "-o", "midi.jack.id=improv-synth", "/sf/gm.sf2"],
            FluidSynthInstrument.Arguments(RtMidiApi.Jack, settings, "jack"));
        Assert.Equal(["-g", "0.6", "-a", "pulseaudio", "-m", "alsa_seq", "-o", "midi.alsa_seq.id=improv-synth", "-o", "midi.portname=improv-synth", "/sf/gm.sf2"],
            FluidSynthInstrument.Arguments(RtMidiApi.Alsa, settings, "pulseaudio"));
        Assert.Equal(["-g", "0.6", "-m", "winmidi", "/sf/gm.sf2"], FluidSynthInstrument.Arguments(RtMidiApi.WinMM, settings, null));
    }

    [Fact]
    public void TheSynthsPort_IsFoundAsJackAndAlsaListIt_AndNotItsAudioOrAnotherSynth()
    {
        Assert.True(FluidSynthInstrument.IsSynthPort(new PatchPort("improv-synth:midi_00", Source: false, Physical: false)));
        // Renamed by JACK while a killed one's client is not yet reaped.
        Assert.True(FluidSynthInstrument.IsSynthPort(new PatchPort("improv-synth-01:midi_00", Source: false, Physical: false)));
        Assert.False(FluidSynthInstrument.IsSynthPort(new PatchPort("improv-synthesizer:midi_00", Source: false, Physical: false)));
        // ALSA: the patchbay's "CLIENT:PORT", as FluidSynth names its sequencer client after midi.alsa_seq.id.
        Assert.True(FluidSynthInstrument.IsSynthPort(new PatchPort("FLUID Synth (improv-synth):improv-synth", Source: false, Physical: false)));
        Assert.False(FluidSynthInstrument.IsSynthPort(new PatchPort("FLUID Synth (4711):Synth input port (4711:0)", Source: false, Physical: false)));
        Assert.False(FluidSynthInstrument.IsSynthPort(new PatchPort("improv-synth:midi_00", Source: true, Physical: false)));
    }
}
