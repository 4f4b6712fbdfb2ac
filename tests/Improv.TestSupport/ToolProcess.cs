using System.Diagnostics;

namespace Improv.TestSupport;

/// <summary>A built command of Improv (`dotnet NAME.dll ARGS`, copied beside the tests), or any program, run to its end as its own process.</summary>
public static class ToolProcess
{
    /// <summary>Runs `NAME ARGS` to the end, allowing it <paramref name="limit"/>: exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) RunToEnd(string name, TimeSpan limit, params string[] arguments) =>
        Run(new ProcessStartInfo("dotnet"), limit, [Path.Combine(AppContext.BaseDirectory, $"{name}.dll"), .. arguments]);

    /// <summary>Runs the program <paramref name="info"/> names (in its folder, with its environment) with ARGS to the end.</summary>
    public static (int ExitCode, string Output) Run(ProcessStartInfo info, TimeSpan limit, params string[] arguments)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
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
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not end within {limit}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
