using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Improv.Host.Native;

/// <summary>Maps the library names in the bindings to the files each OS ships.</summary>
internal static class NativeLibraries
{
    // Debian ships only the versioned librtmidi.so.6 unless librtmidi-dev is installed; Homebrew puts
    // librtmidi.dylib outside the default search path on Apple silicon.
    private static readonly string[] RtMidiCandidates = OperatingSystem.IsWindows() ? ["rtmidi.dll"]
        : OperatingSystem.IsMacOS() ? ["librtmidi.dylib", "/opt/homebrew/lib/librtmidi.dylib", "/usr/local/lib/librtmidi.dylib"]
        : ["librtmidi.so.6", "librtmidi.so.7", "librtmidi.so"];

    private static readonly string[] LibcCandidates = OperatingSystem.IsMacOS() ? ["libSystem.dylib"] : ["libc.so.6", "libc"];

    [ModuleInitializer]
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var candidates = name switch
        {
            RtMidi.Library => RtMidiCandidates,
            Libc.Library => LibcCandidates,
            _ => [],
        };
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }
        if (name == RtMidi.Library)
        {
            throw new DllNotFoundException(
                $"RtMidi not found (tried {string.Join(", ", candidates)}). Install it: Debian/Ubuntu " +
                "`apt-get install librtmidi6`, macOS `brew install rtmidi`, Windows: put rtmidi.dll beside improv.dll.");
        }
        return 0;
    }
}
