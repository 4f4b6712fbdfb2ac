using System.Runtime.InteropServices;

namespace Improv.Model.Checkpoints;

/// <summary>
/// Writes that survive a kill or power cut at any instant: data is flushed to disk before the rename that
/// publishes it, and the folder holding the new name is flushed after.
/// </summary>
public static class DurableFile
{
    /// <summary>Writes a file beside the target, flushes it, then renames it over the target.</summary>
    public static void Replace(string path, Action<Stream> write)
    {
        var temporary = $"{path}.tmp-{Environment.ProcessId}";
        Write(temporary, write);
        File.Move(temporary, path, overwrite: true);
        FlushFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Creates a file and forces its bytes to disk before returning.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        write(stream);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>fsync on a folder makes a rename inside it durable; .NET cannot open a folder as a file, hence libc.</summary>
    public static void FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux
        var descriptor = Open(folder, ReadOnlyDirectory);
        if (descriptor < 0)
        {
            throw new IOException($"{folder}: cannot open the folder to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        var result = Fsync(descriptor);
        var error = Marshal.GetLastPInvokeError();
        Close(descriptor);
        if (result != 0)
        {
            throw new IOException($"{folder}: fsync failed (errno {error})");
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);
}
