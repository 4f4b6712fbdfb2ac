namespace Improv.Music.Tests;

/// <summary>Finds files of the repository (the POP909 copy under data/) from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Pop909 => Path.Combine(Root, "data", "pop909");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Improv.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Improv.sln above {AppContext.BaseDirectory}");
    }
}
