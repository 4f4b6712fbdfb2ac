using System.Diagnostics;
using Improv.Host.Native;

namespace Improv.Host.Midi.Ports;

/// <summary>A JACK server Improv started itself (dummy back end, no sound card needed); stopped on dispose.</summary>
public sealed class JackServer : IDisposable
{
    /// <summary>Small enough (-p 128 ports, about 42 MB of shared memory) to run where /dev/shm is 64 MB.</summary>
    public const string DummyArguments = "-r -S -p 128 -d dummy -r 48000 -p 64";

    private readonly Process _process;

    private JackServer(Process process) => _process = process;

    public int ProcessId => _process.Id;

    /// <summary>The server name clients use (JACK_DEFAULT_SERVER, else "default").</summary>
    public static string CurrentName => Environment.GetEnvironmentVariable("JACK_DEFAULT_SERVER") is { Length: > 0 } name ? name : "default";

    /// <summary>
    /// True when a JACK server answers jack_lsp (quiet, unlike a failing libjack client). Asks three times: a busy
    /// server can miss one client's handshake. A server that is there and answers none of them is
    /// <see cref="Running"/>, which is what keeps Improv from starting a second one.
    /// </summary>
    public static bool Answers()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (AnswersOnce())
            {
                return true;
            }
            Thread.Sleep(200);
        }
        return false;
    }

    /// <summary>
    /// The pid of a jackd serving <paramref name="name"/> (its -n/--name, else its JACK_DEFAULT_SERVER, else "default"),
    /// or null. jackd answers no client while it reaps a SIGKILLed one's ports: 24-48 s on the dummy driver here, right
    /// when systemd restarts a crashed Improv.
    /// </summary>
    public static int? Running(string name)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(folder), out var pid) || File.ReadAllText(Path.Combine(folder, "comm")).Trim() != "jackd")
                {
                    continue;
                }
                var arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
                if (ServerName(arguments, File.ReadAllText(Path.Combine(folder, "environ")).Split('\0')) == name)
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process that ended while listed, or another user's: not one to wait for.
            }
        }
        return null;
    }

    /// <summary>The server name a jackd command line and environment give it.</summary>
    public static string ServerName(IReadOnlyList<string> arguments, IEnumerable<string> environment)
    {
        // Server options come before the driver's (-d): the dummy driver's own -r and -p are not the server's.
        for (var i = 1; i < arguments.Count && arguments[i] is not ("-d" or "--driver"); i++)
        {
            if (arguments[i] is "-n" or "--name" && i + 1 < arguments.Count)
            {
                return arguments[i + 1];
            }
            if (arguments[i].StartsWith("--name=", StringComparison.Ordinal))
            {
                return arguments[i]["--name=".Length..];
            }
        }
        return environment.FirstOrDefault(variable => variable.StartsWith("JACK_DEFAULT_SERVER=", StringComparison.Ordinal)) is { } set
            && set.Length > "JACK_DEFAULT_SERVER=".Length
            ? set["JACK_DEFAULT_SERVER=".Length..]
            : "default";
    }

    /// <summary>Asks once, giving a busy server <paramref name="patience"/> (default 10 s) to answer.</summary>
    public static bool AnswersOnce(TimeSpan? patience = null)
    {
        try
        {
            using var lsp = Process.Start(new ProcessStartInfo("jack_lsp")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["JACK_NO_START_SERVER"] = "1" },
            });
            if (lsp is null)
            {
                return false;
            }
            lsp.StandardOutput.ReadToEndAsync();
            lsp.StandardError.ReadToEndAsync();
            if (!lsp.WaitForExit(patience ?? TimeSpan.FromSeconds(10)))
            {
                lsp.Kill();
                return false;
            }
            return lsp.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// How the current server schedules its process threads: real-time or not, and at which priority; null when no
    /// server answers or libjack is missing. Opens and closes a client of its own (never activated).
    /// </summary>
    public static unsafe (bool Realtime, int Priority)? Scheduling()
    {
        try
        {
            var client = LibJack.ClientOpen("improv-doctor", LibJack.NoStartServer, null);
            if (client == 0)
            {
                return null;
            }
            try
            {
                var realtime = LibJack.IsRealtime(client) != 0;
                return (realtime, realtime ? LibJack.ClientRealtimePriority(client) : 0);
            }
            finally
            {
                LibJack.ClientClose(client);
            }
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Starts `jackd [-n name] -r -S -p 128 -d dummy -r 48000 -p 64` and waits until it answers.</summary>
    public static JackServer StartDummy(TimeSpan timeout)
    {
        var info = new ProcessStartInfo("jackd") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (CurrentName != "default")
        {
            info.ArgumentList.Add("-n");
            info.ArgumentList.Add(CurrentName);
        }
        foreach (var argument in DummyArguments.Split(' '))
        {
            info.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("jackd did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "No MIDI system here (no /dev/snd/seq, no JACK server) and jackd is not installed: " +
                "`apt-get install --no-install-recommends jackd2`, or set Improv:Midi:StartJack=false.", e);
        }
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new JackServer(process);
        var deadline = Stopwatch.StartNew();
        while (!AnswersOnce())
        {
            if (process.HasExited || deadline.Elapsed > timeout)
            {
                server.Dispose();
                lock (output)
                {
                    throw new InvalidOperationException($"jackd {DummyArguments} did not come up within {timeout.TotalSeconds} s:\n{output}");
                }
            }
            Thread.Sleep(100);
        }
        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // SIGTERM lets jackd remove its shared memory; Process.Kill would send SIGKILL.
            Libc.Kill(_process.Id, Libc.SigTerm);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill();
            }
        }
        _process.Dispose();
    }
}
