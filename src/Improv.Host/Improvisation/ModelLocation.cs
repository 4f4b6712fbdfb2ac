namespace Improv.Host.Improvisation;

/// <summary>Finds a model folder named in the settings: as given, else beside the daemon (where the build puts models/default).</summary>
public static class ModelLocation
{
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || Directory.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        var besideDaemon = Path.Combine(AppContext.BaseDirectory, path);
        return Directory.Exists(besideDaemon) ? besideDaemon : Path.GetFullPath(path);
    }
}
