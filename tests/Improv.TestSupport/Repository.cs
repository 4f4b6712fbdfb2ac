namespace Improv.TestSupport;

/// <summary>Finds files of the repository (corpora under data/, the bundled model) from a test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The POP909 copy, data/pop909.</summary>
    public static string Pop909 => Path.Combine(Root, "data", "pop909");

    /// <summary>The bundled default model, models/default.</summary>
    public static string DefaultModel => Path.Combine(Root, "models", "default");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Improv.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Improv.sln above {AppContext.BaseDirectory}");
    }
}
