using System.Diagnostics;

namespace Improv.Host.Tests;

/// <summary>A real JACK server (dummy back end, no sound card) for the tests of one run, under a name of its own.</summary>
public sealed class JackServerFixture : IDisposable
{
    private readonly Process _jackd = null!;

    public JackServerFixture()
    {
        // A name of its own per run, from a small pool: JACK keeps at most 8 servers in /dev/shm/jack-shm-registry
        // and frees a dead server's entry only when a server of the same name starts again, so fresh names
        // for every run would fill it. A name another run is using now is "already active": take the next.
        for (var slot = 0; ; slot++)
        {
            Name = $"improv-host-test-{slot}";
            if (TryStart(out _jackd, out var output))
            {
                break;
            }
            if (slot == 7 || !output.Contains("already active", StringComparison.Ordinal))
            {
                var hint = output.Contains("Too many servers", StringComparison.Ordinal)
                    ? "\nStale entries from killed servers: with no jackd running, remove /dev/shm/jack-shm-registry." : "";
                throw new InvalidOperationException($"jackd -n {Name} did not come up:\n{output}{hint}");
            }
        }
    }

    private bool TryStart(out Process jackd, out string output)
    {
        // Everything this test process and its children open as a JACK client goes to this server. .NET keeps
        // its own copy of the environment (children see it); libjack in this process reads the C one.
        foreach (var (key, value) in new[] { ("JACK_DEFAULT_SERVER", Name), ("JACK_NO_START_SERVER", "1") })
        {
            Environment.SetEnvironmentVariable(key, value);
            SetEnv(key, value, 1);
        }
        var info = new ProcessStartInfo("/usr/bin/jackd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in $"-r -S -p 128 -n {Name} -d dummy -r 48000 -p 64".Split(' '))
        {
            info.ArgumentList.Add(argument);
        }
        jackd = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        jackd.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        jackd.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        jackd.BeginOutputReadLine();
        jackd.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        // Ours must be the server that answers (not another run's of the same name): it must still be running.
        while (jackd.HasExited || !Answers() || jackd.WaitForExit(300))
        {
            if (jackd.HasExited || waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                jackd.WaitForExit();
                lock (log)
                {
                    output = log.ToString();
                }
                return false;
            }
            Thread.Sleep(100);
        }
        output = "";
        return true;
    }

    public string Name { get; private set; } = "";

    [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>The JACK port names the server shows now (jack_lsp).</summary>
    public static IReadOnlyList<string> Ports()
    {
        using var lsp = Process.Start(new ProcessStartInfo("/usr/bin/jack_lsp") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = lsp.StandardError.ReadToEndAsync();
        var lines = lsp.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lsp.WaitForExit();
        _ = stderr.Result;
        return lsp.ExitCode == 0 ? lines : [];
    }

    private static bool Answers() => Ports().Count > 0;

    public void Dispose()
    {
        if (!_jackd.HasExited)
        {
            // SIGKILL would leave its registry entry behind: give it time to exit cleanly.
            Signals.Terminate(_jackd.Id);
            if (!_jackd.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _jackd.Kill();
            }
        }
        _jackd.Dispose();
    }
}

// Not run beside the other test classes: their CPU load would show up as JACK timing in the timing tests.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JackCollection : ICollectionFixture<JackServerFixture>
{
    public const string Name = "JACK server";
}

/// <summary>SIGTERM by pid, as systemd and Ctrl+C-less shutdowns send it.</summary>
public static class Signals
{
    public static void Terminate(int pid) => Send("-TERM", pid);

    /// <summary>Freezes a process (SIGSTOP): it holds its sockets and answers nothing, as a busy server does.</summary>
    public static void Stop(int pid) => Send("-STOP", pid);

    public static void Continue(int pid) => Send("-CONT", pid);

    private static void Send(string signal, int pid)
    {
        using var kill = Process.Start("/bin/kill", [signal, pid.ToString()]);
        kill.WaitForExit();
    }
}
