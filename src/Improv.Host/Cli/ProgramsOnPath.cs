namespace Improv.Host.Cli;

/// <summary>Finds an installed program on PATH, as a shell would (whether fluidsynth or systemctl is there).</summary>
public static class ProgramsOnPath
{
    // Hand-written: .NET has no `which`, and starting the program to find out would run it.
    public static string? Find(string name)
    {
        string[] fileNames = OperatingSystem.IsWindows() ? [name + ".exe", name] : [name];
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var fileName in fileNames)
            {
                var path = Path.Combine(folder, fileName);
                if (File.Exists(path) && (OperatingSystem.IsWindows() || Executable(path)))
                {
                    return path;
                }
            }
        }
        return null;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool Executable(string path) =>
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
