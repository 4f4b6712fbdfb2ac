using System.Diagnostics;
using Xunit.Abstractions;
using Improv.Host.Improvisation;

namespace Improv.Host.Tests.Synth;

/// <summary>`improv run --synth`: FluidSynth sounds Improv's answer on the JACK dummy server, and only while it plays.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class SynthTests(ITestOutputHelper output)
{
    /// <summary>How long the answer's note is held (the player's, answered in Thru mode).</summary>
    private const double HeldSeconds = 1.0;

    /// <summary>The longest the General MIDI piano may ring after its note-off (FluidR3's: measured below).</summary>
    private const double ReleaseSeconds = 1.5;

    /// <summary>Quieter than this (dBFS, 10 ms windows) is silence: FluidSynth's own noise floor is digital zero.</summary>
    private const double SilenceDecibels = -70;

    [Fact]
    public void TheSynthSoundsDuringTheAnswer_AndIsSilentAfterItsRelease_AndComesBackWhenItDies()
    {
        using var daemon = DaemonProcess.Start("--mode", "Thru", "--synth");
        daemon.WaitFor("Answering on 'improv-synth:midi_00': the synth", TimeSpan.FromSeconds(30));
        using var folder = new TemporaryFolder();
        var wav = Path.Combine(folder.Path, "synth.wav");
        var script = Path.Combine(folder.Path, "play.txt");
        File.WriteAllLines(script, ["sleep 0.5", "send 903c64", $"sleep {HeldSeconds}", "send 803c00", "sleep 0.2"]);

        using (var recorder = Record(wav, seconds: 6))
        {
            var player = MidiPeer.Start("script", "Improv In", "Improv Out", script);
            player.ReadToEnd(TimeSpan.FromSeconds(30));
            player.Dispose();
            Assert.True(recorder.WaitForExit(TimeSpan.FromSeconds(30)), "jack_rec did not finish");
        }

        var levels = Levels(File.ReadAllBytes(wav));
        var onset = Array.FindIndex(levels, level => level > -40);
        Assert.True(onset >= 0, $"no sound in the recording (loudest {levels.Max():0.0} dBFS). The daemon said:\n{daemon.Output}");
        var held = levels[onset..(onset + (int)(HeldSeconds * 90))];
        var lastSound = Array.FindLastIndex(levels, level => level > SilenceDecibels);
        var quietFrom = onset + (int)((HeldSeconds + ReleaseSeconds) * 100);
        output.WriteLine($"onset at {onset * 10} ms; quietest while held {held.Min():0.0} dBFS; last sound {(lastSound - onset) * 10} ms after the onset " +
            $"(note-off at {HeldSeconds * 1000:0} ms); recording ends {(levels.Length - onset) * 10} ms after it");
        Assert.All(held, level => Assert.True(level > -50, $"the held note fell to {level:0.0} dBFS"));
        Assert.True(levels.Length - quietFrom >= 100, "the recording ended before the silence could be heard");
        Assert.True(lastSound < quietFrom, $"sound {(lastSound - onset) * 10} ms after the onset, later than the note-off plus {ReleaseSeconds} s release");

        // A synth that dies is started again, and Improv answers on it again.
        var synth = FluidSynthOf(daemon);
        synth.Kill();
        synth.WaitForExit();
        daemon.WaitFor("FluidSynth ended", TimeSpan.FromSeconds(10));
        daemon.WaitFor("Answering on 'improv-synth:midi_00': the synth", TimeSpan.FromSeconds(30), times: 2);
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
        while (!JackLsp("-c").Contains("jackrec:", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "jack_rec never connected to the synth");
            Thread.Sleep(20);
        }
        return recorder;
    }

    private static string JackLsp(string arguments)
    {
        using var lsp = Process.Start(new ProcessStartInfo("jack_lsp", arguments) { RedirectStandardOutput = true })!;
        var listing = lsp.StandardOutput.ReadToEnd();
        lsp.WaitForExit();
        return listing;
    }

    /// <summary>The daemon's FluidSynth child.</summary>
    private static Process FluidSynthOf(DaemonProcess daemon)
    {
        var children = File.ReadAllText($"/proc/{daemon.Id}/task/{daemon.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.GetDirectories($"/proc/{daemon.Id}/task").SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Select(int.Parse).Distinct();
        return children.Select(Process.GetProcessById).Single(child => child.ProcessName == "fluidsynth");
    }

    /// <summary>The level of each 10 ms of a 16-bit mono WAV, in dBFS.</summary>
    private static double[] Levels(byte[] wav)
    {
        var rate = BitConverter.ToInt32(wav, 24);
        var position = 12;
        while (System.Text.Encoding.ASCII.GetString(wav, position, 4) != "data")
        {
            position += 8 + BitConverter.ToInt32(wav, position + 4);
        }
        var samples = new ReadOnlySpan<byte>(wav, position + 8, Math.Min(BitConverter.ToInt32(wav, position + 4), wav.Length - position - 8));
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
