using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Improv.Host.Tests;

/// <summary>The built daemon (`dotnet improv.dll run ...`) as a separate process, its output collected line by line.</summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private DaemonProcess(Process process, int metricsPort)
    {
        _process = process;
        MetricsPort = metricsPort;
    }

    public int MetricsPort { get; }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Starts `improv run` on a free metrics port and waits until it has announced its ports.</summary>
    public static DaemonProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts `improv run` with extra environment variables, as <see cref="Start(string[])"/>.</summary>
    public static DaemonProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartCommand(environment, "run", "Metrics: http://", ["--metrics-port", FreePort().ToString(), $"--Improv:Recording:Folder={ScratchRecordings}", .. arguments]);

    /// <summary>Where daemons started by tests record their sessions unless a test says otherwise.</summary>
    public static string ScratchRecordings { get; } = Directory.CreateTempSubdirectory("improv-test-recordings-").FullName;

    /// <summary>Starts `improv COMMAND ARGS` and waits until it prints `ready`.</summary>
    public static DaemonProcess StartCommand(string command, string ready, params string[] arguments) =>
        StartCommand(new Dictionary<string, string>(), command, ready, arguments);

    /// <summary>Starts `improv COMMAND ARGS` with extra environment variables and waits until it prints `ready`.</summary>
    public static DaemonProcess StartCommand(IReadOnlyDictionary<string, string> environment, string command, string ready, params string[] arguments)
    {
        var process = StartImprov([command, .. arguments], out var port, environment);
        var daemon = new DaemonProcess(process, port);
        process.OutputDataReceived += (_, e) => daemon.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        daemon.WaitFor(ready, TimeSpan.FromSeconds(60));
        return daemon;
    }

    /// <summary>Runs `improv ARGS` to the end: exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) RunToEnd(params string[] arguments) => RunToEnd(new Dictionary<string, string>(), arguments);

    /// <summary>Runs `improv ARGS` to the end with extra environment variables.</summary>
    public static (int ExitCode, string Output) RunToEnd(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunToEnd(environment, TimeSpan.FromSeconds(60), arguments);

    /// <summary>Runs `improv ARGS` to the end, allowing it <paramref name="limit"/> (an evaluation reads the whole corpus).</summary>
    public static (int ExitCode, string Output) RunToEnd(TimeSpan limit, params string[] arguments) =>
        RunToEnd(new Dictionary<string, string>(), limit, arguments);

    private static (int ExitCode, string Output) RunToEnd(IReadOnlyDictionary<string, string> environment, TimeSpan limit, string[] arguments)
    {
        using var process = StartImprov(arguments, out _, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill();
            throw new TimeoutException($"improv {string.Join(' ', arguments)} did not end");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static Process StartImprov(string[] arguments, out int metricsPort, IReadOnlyDictionary<string, string>? environment = null)
    {
        var improv = Path.Combine(AppContext.BaseDirectory, "improv.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        info.ArgumentList.Add(improv);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var index = Array.IndexOf(arguments, "--metrics-port");
        metricsPort = index >= 0 ? int.Parse(arguments[index + 1]) : 0;
        return Process.Start(info)!;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Add(line);
            Monitor.PulseAll(_lines);
        }
    }

    /// <summary>Waits until <paramref name="times"/> lines of the daemon's output contain <paramref name="text"/>.</summary>
    public void WaitFor(string text, TimeSpan timeout, int times = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_lines)
        {
            while (_lines.Count(line => line.Contains(text, StringComparison.Ordinal)) < times)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited && !Monitor.Wait(_lines, 200))
                {
                    throw new TimeoutException($"the daemon did not print '{text}' {times} time(s). Its output:\n{string.Join('\n', _lines)}");
                }
                Monitor.Wait(_lines, left);
            }
        }
    }

    /// <summary>One HTTP scrape of /metrics.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await http.GetStringAsync($"http://127.0.0.1:{MetricsPort}/metrics");
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Scrapes until `done` holds (the daemon's threads update metrics a moment after the music moved), or gives the last scrape.</summary>
    public async Task<string> ScrapeUntilAsync(Func<string, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var scrape = await ScrapeAsync();
        while (!done(scrape) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            scrape = await ScrapeAsync();
        }
        return scrape;
    }

    /// <summary>SIGTERM, then waits for the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        Signals.Terminate(_process.Id);
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"the daemon did not exit within {timeout} of SIGTERM. Its output:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash would end it: nothing of the daemon runs after this.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Stops the daemon as systemd would: a SIGKILLed JACK client stalls jackd for seconds, slowing the next test.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Signals.Terminate(_process.Id);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
