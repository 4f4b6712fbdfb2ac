using System.Diagnostics;
using Xunit.Abstractions;
using Improv.Host.Improvisation;

namespace Improv.Host.Tests.Synth;

/// <summary>
/// `improv run --synth`: a controller keyboard plugged in after the start connects itself, and FluidSynth sounds
/// Improv's answer on the JACK dummy server, and only while it plays.
/// </summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class SynthTests(ITestOutputHelper output)
{
    /// <summary>How long the answer's note is held (the player's, answered in Thru mode).</summary>
    private const double HeldSeconds = 1.0;

    /// <summary>Quieter than this (dBFS, 10 ms windows) is silence: FluidSynth's own noise floor is digital zero.</summary>
    private const double SilenceDecibels = -70;

    /// <summary>
    /// The silence the recording must end with: longer than the organ's release (measured 0.9 s to below
    /// <see cref="SilenceDecibels"/>), while a note left hanging would sound to the end, since an organ never dies away.
    /// </summary>
    private const double SilenceSeconds = 1.5;

    /// <summary>General MIDI's Church Organ: it sounds as long as the key is held, so a hanging note cannot hide.</summary>
    private const int Organ = 19;

    /// <summary>Named as a2jmidid names a USB controller's one port: it has no MIDI input, so Auto answers on the synth.</summary>
    private const string Controller = "a2j:Test Controller [28] (capture): Test Controller MIDI 1";

    [Fact]
    public void APluggedInController_IsAnsweredThroughTheSynth_WhichSoundsDuringTheAnswer_IsSilentAfterItsRelease_AndComesBackWhenItDies()
    {
        // The shipped defaults (Input and Output Auto), as `improv run --synth` starts on a stage laptop.
        using var daemon = DaemonProcess.Start("--mode", "Thru", "--synth", $"--Improv:Synth:Program={Organ}");
        daemon.WaitFor("Answering on 'improv-synth:midi_00': the synth", TimeSpan.FromSeconds(30));
        using var folder = new TemporaryFolder();
        var wav = Path.Combine(folder.Path, "synth.wav");
        using var controller = PlugInController(daemon, folder);
        using (var recorder = Record(wav, seconds: 8))
        {
            Play(controller);
            Assert.True(recorder.WaitForExit(TimeSpan.FromSeconds(30)), "jack_rec did not finish");
        }

        // Measured on the recording's own timeline (JACK frames), not the wall clock: under load the dummy server's
        // cycles come late and then in a burst, which moved a note-on 0.4 s closer to its note-off once.
        AssertSoundThenSilence(WavLevels(File.ReadAllBytes(wav)), daemon);

        // A synth that dies is started again, and Improv answers on it again.
        var synth = FluidSynthOf(daemon);
        synth.Kill();
        synth.WaitForExit();
        daemon.WaitFor("FluidSynth ended", TimeSpan.FromSeconds(10));
        // (As "improv-synth-01" when JACK has not yet reaped the killed one's client.)
        daemon.WaitFor("Answering on 'improv-synth", TimeSpan.FromSeconds(30), times: 2);

        // And it stops with Improv.
        var restarted = FluidSynthOf(daemon);
        Assert.Equal(0, daemon.Terminate(TimeSpan.FromSeconds(15)));
        Assert.True(restarted.WaitForExit(TimeSpan.FromSeconds(5)), "FluidSynth outlived Improv's stop");
    }

    /// <summary>
    /// The synth's sound on a sound server (a desktop's PulseAudio, or PipeWire's pulse side), recorded off its sink;
    /// and FluidSynth ends when Improv is killed, not left holding the sound server.
    /// </summary>
    [Fact]
    public void OnAPulseAudioServer_TheSynthSounds_AndEndsWhenImprovIsKilled()
    {
        using var pulse = PulseServer.Start();
        using var folder = new TemporaryFolder();
        using var daemon = DaemonProcess.Start(pulse.Environment, "--mode", "Thru", "--synth", $"--Improv:Synth:Program={Organ}", "--Improv:Synth:Audio=PulseAudio");
        daemon.WaitFor("audio through pulseaudio", TimeSpan.FromSeconds(30));
        AssertAnswerSoundsOn(pulse, daemon, folder);

        // Killed outright (the daemon alone, as a crash would): its end closes FluidSynth's standard input, and
        // FluidSynth ends too, last closing its JACK client, which waits until jackd has reaped the dead daemon's
        // clients: 24-48 s on the dummy server here.
        var synth = FluidSynthOf(daemon);
        var killed = Stopwatch.StartNew();
        Process.GetProcessById(daemon.Id).Kill(entireProcessTree: false);
        Assert.True(synth.WaitForExit(TimeSpan.FromMinutes(2)), "FluidSynth outlived a killed Improv by two minutes");
        output.WriteLine($"the killed Improv's FluidSynth ended {killed.Elapsed.TotalSeconds:0.0} s after the kill");
    }

    /// <summary>A controller plugged in plays one note; recorded off the PulseAudio sink, it sounds, then falls silent.</summary>
    private void AssertAnswerSoundsOn(PulseServer pulse, DaemonProcess daemon, TemporaryFolder folder)
    {
        var raw = Path.Combine(folder.Path, "synth.raw");
        using var controller = PlugInController(daemon, folder);
        using (var recorder = pulse.Record(raw, PulseRate))
        {
            Play(controller);
            // The sink plays on its own clock: wait out the organ's release and the silence the recording must end
            // with, and 2 s to spare for a late stream on a loaded machine.
            Thread.Sleep(TimeSpan.FromSeconds(1 + SilenceSeconds + 2));
            recorder.Kill();
            recorder.WaitForExit();
        }
        AssertSoundThenSilence(Levels(File.ReadAllBytes(raw), PulseRate), daemon);
    }

    [Fact]
    public void AMissingSoundFont_IsOneMessage_AndImprovPlaysOn()
    {
        using var daemon = DaemonProcess.Start("--mode", "Thru", "--synth", "--Improv:Synth:SoundFont=/nowhere/gm.sf2",
            "--input", "improv-test-peer:nosf", "--output", "improv-test-peer-sink:nosfsink");
        using var peer = MidiPeer.Start("peer", "nosf", "nosfsink");

        Assert.Equal("ECHO", peer.ReadLine(TimeSpan.FromSeconds(60)));
        daemon.WaitFor("No sound from --synth: the soundfont '/nowhere/gm.sf2' (Improv:Synth:SoundFont) does not exist", TimeSpan.FromSeconds(10));
        Assert.Single(daemon.Output.Split('\n'), line => line.Contains("No sound from --synth", StringComparison.Ordinal));
    }

    private static Process Record(string wav, int seconds)
    {
        var recorder = Process.Start(new ProcessStartInfo("jack_rec", ["-f", wav, "-d", seconds.ToString(), "-b", "16", "improv-synth:left"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        // The player waits until jack_rec listens, so the recording holds the whole note.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!JackLsp.Listing(null, "-c").Contains("jackrec:", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "jack_rec never connected to the synth");
            Thread.Sleep(20);
        }
        return recorder;
    }

    /// <summary>The daemon's FluidSynth child.</summary>
    private static Process FluidSynthOf(DaemonProcess daemon)
    {
        var children = File.ReadAllText($"/proc/{daemon.Id}/task/{daemon.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.GetDirectories($"/proc/{daemon.Id}/task").SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Select(int.Parse).Distinct();
        return children.Select(Process.GetProcessById).Single(child => child.ProcessName == "fluidsynth");
    }

    /// <summary>The rate parec records the PulseAudio sink at.</summary>
    private const int PulseRate = 48000;

    /// <summary>
    /// Plugs in a controller keyboard (named as a2jmidid names one, no MIDI input), waits until Auto has connected it,
    /// and readies its one note of <see cref="HeldSeconds"/>, played by <see cref="Play"/>.
    /// </summary>
    private MidiPeer PlugInController(DaemonProcess daemon, TemporaryFolder folder)
    {
        var script = Path.Combine(folder.Path, "play.txt");
        File.WriteAllLines(script, ["send 903c64", $"sleep {HeldSeconds}", "send 803c00", "sleep 0.2"]);
        var controller = MidiPeer.Start("controller", "Test Controller", "28", "Test Controller MIDI 1", script);
        var connected = controller.ReadLine(TimeSpan.FromSeconds(60));
        Assert.True(connected?.StartsWith("CONNECTED ", StringComparison.Ordinal) == true, $"the controller was never connected. The daemon said:\n{daemon.Output}");
        daemon.WaitFor($"Keyboard '{Controller}' connected to 'Improv In:Improv In'", TimeSpan.FromSeconds(10));
        output.WriteLine($"controller plugged in: connected {connected!["CONNECTED ".Length..]} s after its port appeared");
        return controller;
    }

    private static void Play(MidiPeer controller)
    {
        controller.WriteLine("play");
        Assert.Equal("DONE", controller.ReadLine(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The answer sounds for a while, and the recording ends in silence: no note rang on after its note-off.</summary>
    private void AssertSoundThenSilence(double[] levels, DaemonProcess daemon)
    {
        var onset = Array.FindIndex(levels, level => level > -40);
        Assert.True(onset >= 0, $"no sound in the recording (loudest {levels.Max():0.0} dBFS). The daemon said:\n{daemon.Output}");
        var lastSound = Array.FindLastIndex(levels, level => level > SilenceDecibels);
        var sounding = levels[onset..].TakeWhile(level => level > -50).Count();
        output.WriteLine($"onset at {onset * 10} ms; above -50 dBFS for {sounding * 10} ms; last sound {(lastSound - onset) * 10} ms after the onset " +
            $"(note-off sent {HeldSeconds * 1000:0} ms after the note-on); silent for the last {(levels.Length - 1 - lastSound) * 10} ms");
        Assert.True(sounding >= 20, $"the answer sounded only {sounding * 10} ms");
        Assert.True((levels.Length - 1 - lastSound) / 100.0 >= SilenceSeconds,
            $"the recording ends {(levels.Length - 1 - lastSound) * 10} ms after the last sound: a note rang on after its note-off");
    }

    /// <summary>The level of each 10 ms of a 16-bit mono WAV, in dBFS.</summary>
    private static double[] WavLevels(byte[] wav)
    {
        var rate = BitConverter.ToInt32(wav, 24);
        var position = 12;
        while (System.Text.Encoding.ASCII.GetString(wav, position, 4) != "data")
        {
            position += 8 + BitConverter.ToInt32(wav, position + 4);
        }
        var length = Math.Min(BitConverter.ToInt32(wav, position + 4), wav.Length - position - 8);
        return Levels(wav.AsSpan(position + 8, length), rate);
    }

    /// <summary>The level of each 10 ms of 16-bit little-endian mono samples, in dBFS.</summary>
    private static double[] Levels(ReadOnlySpan<byte> samples, int rate)
    {
        var window = rate / 100;
        var levels = new double[samples.Length / 2 / window];
        for (var w = 0; w < levels.Length; w++)
        {
            double sum = 0;
            for (var i = 0; i < window; i++)
            {
                double sample = BitConverter.ToInt16(samples.Slice((w * window + i) * 2, 2)) / 32768.0;
                sum += sample * sample;
            }
            levels[w] = 10 * Math.Log10(sum / window + 1e-20);
        }
        return levels;
    }
}
