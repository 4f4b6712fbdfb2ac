using System.Globalization;

namespace Improv.Model.Checkpoints;

/// <summary>
/// The folder of one training run (runs/NAME): checkpoints/, steps.csv, epochs.csv, loss.png, and best.txt naming
/// the checkpoint with the lowest validation NLL.
/// </summary>
public sealed class RunFolder(string path)
{
    private const string Prefix = "checkpoint-";

    /// <summary>Checkpoints kept besides the best one; older ones are deleted after each save.</summary>
    private const int Kept = 2;

    public string Path { get; } = path;

    public string Checkpoints => System.IO.Path.Combine(Path, "checkpoints");

    public string StepLog => System.IO.Path.Combine(Path, "steps.csv");

    public string EpochLog => System.IO.Path.Combine(Path, "epochs.csv");

    public string LossCurve => System.IO.Path.Combine(Path, "loss.png");

    private string BestPointer => System.IO.Path.Combine(Path, "best.txt");

    public static string CheckpointName(int saveNumber) => $"{Prefix}{saveNumber:D6}";

    /// <summary>The newest complete checkpoint, or null. Unfinished temporary folders are never candidates.</summary>
    public string? Latest() => Complete().LastOrDefault();

    /// <summary>The checkpoint with the best validation NLL so far, or null before an epoch has ended.</summary>
    public string? Best()
    {
        if (!File.Exists(BestPointer))
        {
            return null;
        }

        var folder = System.IO.Path.Combine(Checkpoints, File.ReadAllText(BestPointer).Trim());
        return File.Exists(System.IO.Path.Combine(folder, Checkpoint.InfoFile)) ? folder : null;
    }

    public void MarkBest(string checkpoint) =>
        DurableFile.Replace(BestPointer, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.WriteLine(System.IO.Path.GetFileName(checkpoint));
        });

    /// <summary>Deletes all but the newest checkpoints and the best one, and temporary folders a kill left behind.</summary>
    public void Prune()
    {
        var keep = Complete().TakeLast(Kept).Append(Best()).OfType<string>().ToHashSet();
        foreach (var folder in Complete().Where(f => !keep.Contains(f)))
        {
            Directory.Delete(folder, recursive: true);
        }

        foreach (var leftover in Directory.EnumerateDirectories(Checkpoints, $".{Prefix}*"))
        {
            Directory.Delete(leftover, recursive: true);
        }
    }

    private IEnumerable<string> Complete() => !Directory.Exists(Checkpoints)
        ? []
        : Directory.EnumerateDirectories(Checkpoints, $"{Prefix}*")
            .Where(f => int.TryParse(System.IO.Path.GetFileName(f)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Where(f => File.Exists(System.IO.Path.Combine(f, Checkpoint.InfoFile)))
            .Order(StringComparer.Ordinal);
}
