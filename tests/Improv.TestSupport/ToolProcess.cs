using System.Diagnostics;

namespace Improv.TestSupport;

/// <summary>A built command of Improv (`dotnet NAME.dll ARGS`, copied beside the tests) run to its end as its own process.</summary>
public static class ToolProcess
{
    /// <summary>Runs `NAME ARGS` to the end, allowing it <paramref name="limit"/>: exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) RunToEnd(string name, TimeSpan limit, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, $"{name}.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} {string.Join(' ', arguments)} did not end within {limit}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
