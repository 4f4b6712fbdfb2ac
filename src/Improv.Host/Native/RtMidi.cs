using System.Runtime.InteropServices;

namespace Improv.Host.Native;

/// <summary>RtMidi's back ends, as numbered by rtmidi_c.h (enum RtMidiApi).</summary>
public enum RtMidiApi
{
    Unspecified = 0,
    CoreMidi = 1,
    Alsa = 2,
    Jack = 3,
    WinMM = 4,
    Dummy = 5,
}

/// <summary>The part of RtMidi's C API (rtmidi_c.h, RtMidi 5.x) that Improv uses.</summary>
/// <remarks>
/// Hand-written because no maintained .NET package binds RtMidi's C API. Every handle is a pointer to
/// struct RtMidiWrapper { void* ptr; void* data; bool ok; const char* msg; }: `ok` is reliable and never
/// resets once false, `msg` often points at freed memory, so it is never read.
/// </remarks>
internal static unsafe partial class RtMidi
{
    public const string Library = "rtmidi";

    [StructLayout(LayoutKind.Sequential)]
    private struct Wrapper
    {
        public nint Ptr;
        public nint Data;
        public byte Ok;
        public nint Message;
    }

    /// <summary>False once any call on this handle has failed (RtMidi never clears it).</summary>
    public static bool IsOk(nint handle) => handle != 0 && ((Wrapper*)handle)->Ok != 0;

    [LibraryImport(Library)]
    public static partial int rtmidi_get_compiled_api(RtMidiApi* apis, uint apisSize);

    [LibraryImport(Library)]
    public static partial nint rtmidi_api_display_name(RtMidiApi api);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint rtmidi_in_create(RtMidiApi api, string clientName, uint queueSizeLimit);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint rtmidi_out_create(RtMidiApi api, string clientName);

    [LibraryImport(Library)]
    public static partial void rtmidi_in_free(nint device);

    [LibraryImport(Library)]
    public static partial void rtmidi_out_free(nint device);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void rtmidi_open_port(nint device, uint portNumber, string portName);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void rtmidi_open_virtual_port(nint device, string portName);

    [LibraryImport(Library)]
    public static partial void rtmidi_close_port(nint device);

    [LibraryImport(Library)]
    public static partial uint rtmidi_get_port_count(nint device);

    /// <summary>With a null buffer, writes the length the name needs (with its NUL) to bufLen.</summary>
    [LibraryImport(Library)]
    public static partial int rtmidi_get_port_name(nint device, uint portNumber, byte* bufOut, int* bufLen);

    [LibraryImport(Library)]
    public static partial void rtmidi_in_ignore_types(nint device,
        [MarshalAs(UnmanagedType.U1)] bool midiSysex,
        [MarshalAs(UnmanagedType.U1)] bool midiTime,
        [MarshalAs(UnmanagedType.U1)] bool midiSense);

    /// <summary>Pops one queued message; size is the buffer's capacity in and the message's length out (0: none).</summary>
    [LibraryImport(Library)]
    public static partial double rtmidi_in_get_message(nint device, byte* message, nuint* size);

    [LibraryImport(Library)]
    public static partial int rtmidi_out_send_message(nint device, byte* message, int length);
}
