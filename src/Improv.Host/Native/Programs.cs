namespace Improv.Host.Native;

/// <summary>Finds the command-line programs Improv runs (aconnect, fluidsynth) before it counts on them.</summary>
internal static class Programs
{
    /// <summary>True when a program of that name is in a folder on PATH.</summary>
    public static bool OnPath(string name)
    {
        var file = OperatingSystem.IsWindows() ? name + ".exe" : name;
        var folders = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator) ?? [];
        return folders.Any(folder => File.Exists(Path.Combine(folder, file)));
    }
}
