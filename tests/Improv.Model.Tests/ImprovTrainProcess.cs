using System.Diagnostics;

namespace Improv.Model.Tests;

/// <summary>The real improv-train program (built beside the tests), run as a child process with plain output.</summary>
internal static class ImprovTrainProcess
{
    public static string Config => Path.Combine(AppContext.BaseDirectory, "config", "train.json");

    public static Process Start(string workingFolder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "improv-train.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CI"] = "true";
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start improv-train");
    }

    /// <summary>Runs to the end; returns exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string workingFolder, params string[] arguments)
    {
        using var process = Start(workingFolder, arguments);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
