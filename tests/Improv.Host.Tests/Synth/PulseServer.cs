using System.Diagnostics;

namespace Improv.Host.Tests.Synth;

/// <summary>
/// A PulseAudio server of the test's own (Debian's pulseaudio, as a stage laptop's desktop runs it, or PipeWire's
/// pipewire-pulse in its place), playing into a null sink whose monitor parec records: a sound card without one.
/// </summary>
public sealed class PulseServer : IDisposable
{
    private const string Sink = "improvtest";

    private readonly TemporaryFolder _runtime = new("improv-pulse-");
    private readonly Process _server;

    private PulseServer()
    {
        Socket = Path.Combine(_runtime.Path, "native");
        var info = new ProcessStartInfo("pulseaudio", [
            "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--system=false",
            "-L", $"module-null-sink sink_name={Sink}",
            "-L", $"module-native-protocol-unix auth-anonymous=1 socket={Socket}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PULSE_RUNTIME_PATH"] = _runtime.Path;
        info.Environment["HOME"] = _runtime.Path;
        _server = Process.Start(info)!;
        _server.StandardOutput.ReadToEndAsync();
        _server.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!Pactl("list", "short", "sinks").Contains(Sink, StringComparison.Ordinal))
        {
            Assert.True(!_server.HasExited && DateTime.UtcNow < deadline, "the PulseAudio server did not come up");
            Thread.Sleep(50);
        }
    }

    /// <summary>The server's socket, where libpulse finds it through PULSE_SERVER.</summary>
    public string Socket { get; }

    /// <summary>What a client of this server needs in its environment.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["PULSE_SERVER"] = $"unix:{Socket}" };

    public static PulseServer Start() => new();

    /// <summary>
    /// Records what the null sink plays, mono 16-bit at <paramref name="rate"/> Hz, as raw samples (a killed recorder
    /// leaves no WAV header to mend), from once the recording is under way until the returned process is killed.
    /// </summary>
    public Process Record(string path, int rate)
    {
        var info = new ProcessStartInfo("parec", ["-d", $"{Sink}.monitor", "--raw", "--format=s16le", $"--rate={rate}", "--channels=1", "--latency-msec=10", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PULSE_SERVER"] = $"unix:{Socket}";
        var recorder = Process.Start(info)!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Pactl("list", "short", "source-outputs").Trim().Length == 0)
        {
            Assert.True(!recorder.HasExited && DateTime.UtcNow < deadline, "parec never started recording");
            Thread.Sleep(20);
        }
        return recorder;
    }

    private string Pactl(params string[] arguments)
    {
        var info = new ProcessStartInfo("pactl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PULSE_SERVER"] = $"unix:{Socket}";
        using var pactl = Process.Start(info)!;
        var listing = pactl.StandardOutput.ReadToEnd();
        pactl.StandardError.ReadToEnd();
        pactl.WaitForExit();
        return listing;
    }

    public void Dispose()
    {
        if (!_server.HasExited)
        {
            _server.Kill();
            _server.WaitForExit();
        }
        _server.Dispose();
        _runtime.Dispose();
    }
}
