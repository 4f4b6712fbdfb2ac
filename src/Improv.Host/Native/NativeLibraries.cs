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

    // Debian's libjack-jackd2-0 ships only the versioned libjack.so.0; JACK for Windows names its 64-bit library libjack64.
    private static readonly string[] JackCandidates = OperatingSystem.IsWindows() ? ["libjack64.dll"]
        : OperatingSystem.IsMacOS() ? ["libjack.dylib", "/opt/homebrew/lib/libjack.dylib", "/usr/local/lib/libjack.dylib"]
        : ["libjack.so.0", "libjack.so"];

    private static readonly string[] LibcCandidates = OperatingSystem.IsMacOS() ? ["libSystem.dylib"] : ["libc.so.6", "libc"];

    [ModuleInitializer]
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var candidates = name switch
        {
            RtMidi.Library => RtMidiCandidates,
            Libc.Library => LibcCandidates,
            LibJack.Library => JackCandidates,
            _ => [],
        };
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }
        if (name == LibJack.Library)
        {
            throw new DllNotFoundException(
                $"libjack not found (tried {string.Join(", ", candidates)}), which Improv:Midi:Backend=Jack needs. Install it: " +
                "Debian/Ubuntu `apt-get install libjack-jackd2-0`, macOS `brew install jack`.");
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
