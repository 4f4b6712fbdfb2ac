using System.Net;
using System.Net.Sockets;

namespace Improv.Host.Tests;

/// <summary>`improv doctor` run as a player runs it, against a real JACK server, good settings and broken ones.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class DoctorTests(JackServerFixture jack) : IDisposable
{
    private readonly TemporaryFolder scratch = new();

    [Fact]
    public void GoodSetup_EveryCheckRuns_AndExitsZero()
    {
        var (exitCode, output) = DaemonProcess.RunToEnd("doctor", "--metrics-port", DaemonProcess.FreePort().ToString());

        Assert.True(exitCode == 0, output);
        Assert.Contains($"ok    MIDI system: JACK server '{jack.Name}' answers; RtMidi has", output);
        Assert.Contains("Improv reaches it through RtMidi (`--backend Jack`: through its own JACK clients", output);
        Assert.Contains("ok    Input: Auto: keyboards connect themselves to 'Improv In' as they appear", output);
        Assert.Contains("warn  Keyboards: none plugged in now; Auto connects each one as it appears", output);
        Assert.Contains("ok    Model: ", output);
        Assert.Contains("passes its manifest's checks and opens in ONNX Runtime", output);
        Assert.Contains("ok    Metrics port: 127.0.0.1:", output);
        foreach (var check in new[] { "Output", "Synth", "CPU governor" })
        {
            Assert.Matches($"(?m)^  (ok  |warn)  {check}: ", output);
        }
        Assert.DoesNotContain("FAIL", output);
    }

    [Fact]
    public void Synth_AskedFor_IsCheckedWithItsOwnSoundfont_AndMissingItFails()
    {
        var (ready, said) = DaemonProcess.RunToEnd("doctor", "--synth", "--metrics-port", DaemonProcess.FreePort().ToString());
        Assert.True(ready == 0, said);
        Assert.Contains("ok    Synth: FluidSynth (/usr/bin/fluidsynth) starts with Improv (--synth) and plays its notes with /usr/share/sounds/sf2/default-GM.sf2", said);

        var (exitCode, output) = DaemonProcess.RunToEnd("doctor", "--synth", "--Improv:Synth:SoundFont=/nowhere/gm.sf2", "--metrics-port", DaemonProcess.FreePort().ToString());

        Assert.True(exitCode == 1, output);
        Assert.Contains("FAIL  Synth: --synth (Improv:Synth:Enabled) is asked for, but the General MIDI soundfont /nowhere/gm.sf2 (Improv:Synth:SoundFont) is not installed", output);
        Assert.Contains("1 failure", output);
    }

    [Fact]
    public void WrongSettings_AreEachNamed_InEverySection_AndExitTwo()
    {
        var (exitCode, output) = DaemonProcess.RunToEnd("doctor", "--Improv:Improvisation:Temperature=9", "--Improv:Synth:Audio=Pipe", "--Improv:Recording:Folder=");

        Assert.True(exitCode == 2, output);
        Assert.Contains("improv doctor: setting error: Improv:Improvisation:Temperature is 9; allowed: 0.05 to 3.", output);
        Assert.Contains("improv doctor: setting error: Improv:Synth:Audio is 'Pipe'; allowed: Auto, Jack, PulseAudio, Alsa.", output);
        Assert.Contains("improv doctor: setting error: Improv:Recording:Folder is empty", output);
        Assert.DoesNotContain("MIDI system:", output);
    }

    [Fact]
    public void OwnJackClients_AreNamedAsWhatTalksToJack()
    {
        var (exitCode, output) = DaemonProcess.RunToEnd("doctor", "--backend", "Jack", "--metrics-port", DaemonProcess.FreePort().ToString());

        Assert.True(exitCode == 0, output);
        Assert.Contains($"ok    MIDI system: JACK server '{jack.Name}' answers; RtMidi has", output);
        Assert.Contains("; Improv reaches it through its own JACK clients (Backend=Jack)", output);
        Assert.DoesNotContain("reaches it through RtMidi", output);
    }

    /// <summary>The test server runs without real-time scheduling (-r), as `improv run`'s own dummy server does.</summary>
    [Fact]
    public void RealtimeThreadsOverAJackWithoutRealtime_IsAWarning_WithTheFix()
    {
        var (exitCode, output) = DaemonProcess.RunToEnd("doctor", "--Improv:Realtime:RealtimePriority=60", "--metrics-port", DaemonProcess.FreePort().ToString());

        Assert.True(exitCode == 0, output);
        Assert.Contains($"warn  JACK scheduling: Improv:Realtime:RealtimePriority is 60, but JACK server '{jack.Name}' runs without real-time scheduling", output);
        Assert.Contains("start jackd with -R (QjackCtl: Realtime on), or set --Improv:Realtime:RealtimePriority=0", output);
        var (_, withoutPriority) = DaemonProcess.RunToEnd("doctor", "--metrics-port", DaemonProcess.FreePort().ToString());
        Assert.DoesNotContain("JACK scheduling", withoutPriority);
    }

    [Fact]
    public void KeyboardNotPluggedIn_IsAWarning_NamingThePortsThereAre()
    {
        using var synth = MidiPeer.Start("synth", "doctor-synth");
        Assert.Equal("READY", synth.ReadLine(TimeSpan.FromSeconds(30)));

        var (exitCode, output) = DaemonProcess.RunToEnd("doctor", "--input", "no-such-keyboard", "--output", "doctor-synth",
            "--metrics-port", DaemonProcess.FreePort().ToString());

        Assert.True(exitCode == 0, output);
        Assert.Contains("warn  Input: no port matches 'no-such-keyboard' (Improv:Midi:Input) now", output);
        // JACK renames a client whose name is taken (improv-test-synth-01): the port name is the peer's own.
        Assert.Matches("ok    Output: 'doctor-synth' is 'improv-test-synth(-[0-9]+)?:doctor-synth'", output);
        Assert.Contains("1 warning", output);
    }

    /// <summary>A keyboard behind a2jmidid (a peer naming its ports exactly so) is the one Auto would connect.</summary>
    [Fact]
    public void AKeyboardPluggedIn_IsTheOneAutoWouldConnect_AndSoftwareIsNot()
    {
        using var synth = MidiPeer.Start("synth", "doctor-synth");
        Assert.Equal("READY", synth.ReadLine(TimeSpan.FromSeconds(30)));
        using var keyboard = MidiPeer.Start("keyboard", "Doctor Keys", "28", "Doctor Keys MIDI 1");

        var output = "";
        for (var attempt = 0; attempt < 50 && !output.Contains("Doctor Keys", StringComparison.Ordinal); attempt++)
        {
            // The peer opens its ports as it starts: ask again until they are there.
            (_, output) = DaemonProcess.RunToEnd("doctor", "--metrics-port", DaemonProcess.FreePort().ToString());
        }

        Assert.Matches(@"ok    Keyboards: Auto would connect 'a2j:Doctor Keys \[28\] \(capture\): Doctor Keys MIDI 1': a2jmidid bridge of ALSA kernel client 28", output);
        Assert.DoesNotContain("doctor-synth", output.Split('\n').Where(line => line.Contains("Keyboards:", StringComparison.Ordinal)).Aggregate("", string.Concat));
    }

    [Fact]
    public void DamagedModel_FailsTheModelCheck_AndExitsOne()
    {
        var model = ModelCopy.WithDamagedGraph(scratch.Path, "step.onnx");

        var (exitCode, output) = DaemonProcess.RunToEnd("doctor", $"--Improv:Improvisation:Model={model}", "--metrics-port", DaemonProcess.FreePort().ToString());

        Assert.True(exitCode == 1, output);
        Assert.Contains($"FAIL  Model: model {model}: checksum of step.onnx fails", output);
        Assert.Contains("ok    MIDI system", output);
        Assert.Contains("1 failure", output);
    }

    [Fact]
    public void MetricsPortTaken_FailsTheMetricsCheck_AndExitsOne()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;

        var (exitCode, output) = DaemonProcess.RunToEnd("doctor", "--metrics-port", port.ToString());

        Assert.True(exitCode == 1, output);
        Assert.Contains($"FAIL  Metrics port: 127.0.0.1:{port} (Improv:Metrics:Address and Port) is taken by another program", output);
        Assert.Contains("ok    Model: ", output);
    }

    [Fact]
    public void NoMidiSystem_FailsTheMidiCheck_AndExitsOne()
    {
        Assert.False(File.Exists("/dev/snd/seq"), "this test needs a machine without ALSA MIDI");
        var nobody = $"improv-none-{Guid.NewGuid():N}"[..24];

        var (exitCode, output) = DaemonProcess.RunToEnd(new Dictionary<string, string> { ["JACK_DEFAULT_SERVER"] = nobody },
            "doctor", "--metrics-port", DaemonProcess.FreePort().ToString());

        Assert.True(exitCode == 1, output);
        Assert.Contains($"FAIL  MIDI system: no MIDI system: no ALSA sequencer (/dev/snd/seq) and no JACK server '{nobody}' answers", output);
        Assert.Contains("warn  Ports: not checked", output);
    }

    [Fact]
    public void BadSetting_IsRefusedAsRunRefusesIt()
    {
        var (exitCode, output) = DaemonProcess.RunToEnd("doctor", "--Improv:Metrics:Port=70000");

        Assert.Equal(2, exitCode);
        Assert.Contains("Improv:Metrics:Port is 70000; allowed: 1 to 65535.", output);
    }

    public void Dispose() => scratch.Dispose();
}
