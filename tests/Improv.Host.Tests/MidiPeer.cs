using System.Diagnostics;

namespace Improv.Host.Tests;

/// <summary>An independent JACK MIDI client: Peers/midi_peer.py under Debian's /usr/bin/python3 (python3-rtmidi).</summary>
public sealed class MidiPeer : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private Task<string?>? _pending;

    private MidiPeer(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static MidiPeer Start(params string[] arguments) => StartScript("midi_peer.py", arguments);

    /// <summary>Peers/jack_peer.py (python3-jack-client): a peer with several ports in one JACK client.</summary>
    public static MidiPeer StartJack(params string[] arguments) => StartScript("jack_peer.py", arguments);

    private static MidiPeer StartScript(string script, string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Peers", script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return new MidiPeer(Process.Start(info)!);
    }

    /// <summary>Waits for the next line the peer prints; null when it ended or printed nothing in time.</summary>
    public string? ReadLine(TimeSpan timeout)
    {
        // A read that timed out is still pending on the stream: the next call waits on it rather than starting another.
        var line = _pending ?? _process.StandardOutput.ReadLineAsync();
        if (!line.Wait(timeout))
        {
            _pending = line;
            return null;
        }

        _pending = null;
        return line.Result;
    }

    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Everything the peer prints until it ends, as lines.</summary>
    public IReadOnlyList<string> ReadToEnd(TimeSpan timeout)
    {
        var rest = _process.StandardOutput.ReadToEndAsync();
        if (!_process.WaitForExit(timeout) || !rest.Wait(timeout))
        {
            throw new TimeoutException($"the MIDI peer did not finish within {timeout}");
        }
        Assert.True(_process.ExitCode == 0, $"the MIDI peer failed: {_stderr.Result}");
        return rest.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Ends the peer at once, as a crashing synth or a closed DAW would.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }
}
