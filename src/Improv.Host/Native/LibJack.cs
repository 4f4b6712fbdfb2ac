using System.Runtime.InteropServices;

namespace Improv.Host.Native;

/// <summary>One event in a JACK MIDI port buffer, as jack/midiport.h lays out jack_midi_event_t.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct JackMidiEvent
{
    /// <summary>Frame offset inside the cycle.</summary>
    public uint Time;
    public nuint Size;
    public byte* Buffer;
}

/// <summary>The part of libjack's C API (JACK 1 and 2, jack/jack.h and jack/midiport.h) that Improv's own JACK client uses.</summary>
/// <remarks>
/// Hand-written because no maintained .NET package binds libjack (JackSharp is unmaintained and binds no MIDI timing).
/// The calls marked [SuppressGCTransition] are the ones the process callback makes: each only reads or writes the
/// cycle's shared memory, never blocks and never calls back, which is what the attribute requires; without it, every
/// return from such a call could wait for a garbage collection in progress.
/// </remarks>
internal static unsafe partial class LibJack
{
    public const string Library = "jack";

    public const string MidiType = "8 bit raw midi";

    /// <summary>jack_options_t: fail rather than start a server of libjack's choosing.</summary>
    public const int NoStartServer = 0x01;

    /// <summary>JackPortFlags.</summary>
    public const ulong PortIsInput = 0x1, PortIsOutput = 0x2, PortIsPhysical = 0x4;

    [LibraryImport(Library, EntryPoint = "jack_client_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ClientOpen(string clientName, int options, int* status);

    [LibraryImport(Library, EntryPoint = "jack_client_close")]
    public static partial int ClientClose(nint client);

    [LibraryImport(Library, EntryPoint = "jack_get_client_name")]
    public static partial byte* GetClientName(nint client);

    [LibraryImport(Library, EntryPoint = "jack_activate")]
    public static partial int Activate(nint client);

    [LibraryImport(Library, EntryPoint = "jack_deactivate")]
    public static partial int Deactivate(nint client);

    [LibraryImport(Library, EntryPoint = "jack_set_process_callback")]
    public static partial int SetProcessCallback(nint client, delegate* unmanaged<uint, nint, int> callback, nint argument);

    [LibraryImport(Library, EntryPoint = "jack_set_xrun_callback")]
    public static partial int SetXrunCallback(nint client, delegate* unmanaged<nint, int> callback, nint argument);

    [LibraryImport(Library, EntryPoint = "jack_on_shutdown")]
    public static partial void OnShutdown(nint client, delegate* unmanaged<nint, void> callback, nint argument);

    [LibraryImport(Library, EntryPoint = "jack_port_register", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint PortRegister(nint client, string portName, string portType, nuint flags, nuint bufferSize);

    [LibraryImport(Library, EntryPoint = "jack_port_name")]
    public static partial byte* PortName(nint port);


    /// <summary>Nonzero when the port is connected to the port of that full name.</summary>
    [LibraryImport(Library, EntryPoint = "jack_port_connected_to", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PortConnectedTo(nint port, string portName);


    [LibraryImport(Library, EntryPoint = "jack_connect", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Connect(nint client, string source, string destination);

    [LibraryImport(Library, EntryPoint = "jack_disconnect", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Disconnect(nint client, string source, string destination);

    /// <summary>A NULL-terminated array of port names, freed with <see cref="Free"/>; null when none match.</summary>
    [LibraryImport(Library, EntryPoint = "jack_get_ports", StringMarshalling = StringMarshalling.Utf8)]
    public static partial byte** GetPorts(nint client, string? namePattern, string? typePattern, nuint flags);

    [LibraryImport(Library, EntryPoint = "jack_free")]
    public static partial void Free(void* pointer);

    [LibraryImport(Library, EntryPoint = "jack_get_sample_rate")]
    public static partial uint GetSampleRate(nint client);

    /// <summary>1 when the server runs its process threads with real-time scheduling (jackd -R).</summary>
    [LibraryImport(Library, EntryPoint = "jack_is_realtime")]
    public static partial int IsRealtime(nint client);

    /// <summary>The real-time priority of a client's process thread (the server's -P less 5; meaningful when <see cref="IsRealtime"/>).</summary>
    [LibraryImport(Library, EntryPoint = "jack_client_real_time_priority")]
    public static partial int ClientRealtimePriority(nint client);

    [LibraryImport(Library, EntryPoint = "jack_get_buffer_size")]
    public static partial uint GetBufferSize(nint client);

    /// <summary>The server's DSP load in percent: how much of each period the whole graph's processing took, averaged.</summary>
    [LibraryImport(Library, EntryPoint = "jack_cpu_load")]
    [SuppressGCTransition]
    public static partial float CpuLoad(nint client);

    [LibraryImport(Library, EntryPoint = "jack_port_get_buffer")]
    [SuppressGCTransition]
    public static partial void* PortGetBuffer(nint port, uint frames);

    /// <summary>The first frame of the cycle being processed. Only inside the process callback.</summary>
    [LibraryImport(Library, EntryPoint = "jack_last_frame_time")]
    [SuppressGCTransition]
    public static partial uint LastFrameTime(nint client);

    [LibraryImport(Library, EntryPoint = "jack_midi_get_event_count")]
    [SuppressGCTransition]
    public static partial uint MidiGetEventCount(void* portBuffer);

    [LibraryImport(Library, EntryPoint = "jack_midi_event_get")]
    [SuppressGCTransition]
    public static partial int MidiEventGet(JackMidiEvent* midiEvent, void* portBuffer, uint eventIndex);

    [LibraryImport(Library, EntryPoint = "jack_midi_clear_buffer")]
    [SuppressGCTransition]
    public static partial void MidiClearBuffer(void* portBuffer);

    /// <summary>0 when written; ENOBUFS when the buffer is full. Times within one cycle must not decrease.</summary>
    [LibraryImport(Library, EntryPoint = "jack_midi_event_write")]
    [SuppressGCTransition]
    public static partial int MidiEventWrite(void* portBuffer, uint time, byte* data, nuint size);

    /// <summary>jack_connect's answer as a fact: 0 (made) and EEXIST (already there) both mean the ports are connected.</summary>
    public static bool Connected(int connectResult) => connectResult is 0 or AlreadyConnected;

    /// <summary>EEXIST: jack_connect's answer for a connection that already stands.</summary>
    public const int AlreadyConnected = 17;

    /// <summary>A NUL-terminated UTF-8 string from libjack, or null.</summary>
    public static string? Text(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);

    /// <summary>Reads and frees a NULL-terminated name array from jack_get_ports.</summary>
    public static List<string> Names(byte** names)
    {
        var result = new List<string>();
        if (names is null)
        {
            return result;
        }
        for (var i = 0; names[i] is not null; i++)
        {
            result.Add(Text(names[i])!);
        }
        Free(names);
        return result;
    }
}
