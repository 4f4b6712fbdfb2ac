namespace Improv.Inference.Model;

/// <summary>
/// How a model folder is written: into a hidden sibling first, then moved into place by rename, so a daemon watching
/// the folder never sees a model that is only half there. The exporter writes every model this way.
/// </summary>
public static class ModelFolder
{
    /// <summary>
    /// Runs <paramref name="write"/> on a new staging folder beside <paramref name="destination"/>, then moves it into
    /// place: an existing destination is moved aside, replaced, and deleted. A write that throws leaves the destination
    /// as it was.
    /// </summary>
    public static T Write<T>(string destination, Func<string, T> write)
    {
        destination = Path.GetFullPath(destination);
        var parent = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(parent);
        // A sibling, so the final move is a rename on the same file system.
        var staging = Path.Combine(parent, $".{Path.GetFileName(destination)}.export-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var written = write(staging);
            MoveIntoPlace(staging, destination);
            return written;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void MoveIntoPlace(string staging, string destination)
    {
        if (!Directory.Exists(destination))
        {
            Directory.Move(staging, destination);
            return;
        }

        // A folder cannot be renamed over a non-empty one: the old one steps aside for the moment of the swap.
        var previous = $"{staging}.previous";
        Directory.Move(destination, previous);
        Directory.Move(staging, destination);
        Directory.Delete(previous, recursive: true);
    }
}
