using System.Diagnostics;
using System.Runtime.InteropServices;
using Improv.Host.Native;

namespace Improv.Host.Tests.Jack;

/// <summary>
/// A JACK client of the test's own with one MIDI input: its process callback notes each event's time (its own start on
/// the Stopwatch plus the event's frame offset at the nominal sample rate), its frame (JACK's frame counter plus the
/// offset) and first three bytes, the way a JACK synth would place them. Native code, unlike a Python client, which on
/// a busy 2-core machine misses whole cycles.
/// </summary>
internal sealed unsafe class JackProbe : IDisposable
{
    private const int Capacity = 4096;
    private readonly long[] _times = new long[Capacity];
    private readonly long[] _frames = new long[Capacity];
    private readonly int[] _messages = new int[Capacity];
    private readonly nint _client;
    private readonly nint _port;
    private GCHandle _self;
    private int _count;

    public JackProbe(string name, string source)
    {
        int status;
        _client = LibJack.ClientOpen(name, LibJack.NoStartServer, &status);
        Assert.True(_client != 0, $"the probe's JACK client did not open (status 0x{status:x})");
        _port = LibJack.PortRegister(_client, "in", LibJack.MidiType, (nuint)LibJack.PortIsInput, 0);
        _self = GCHandle.Alloc(this);
        LibJack.SetProcessCallback(_client, &OnProcess, GCHandle.ToIntPtr(_self));
        Assert.Equal(0, LibJack.Activate(_client));
        Assert.Equal(0, LibJack.Connect(_client, source, $"{name}:in"));
    }

    /// <summary>What arrived so far: (Stopwatch ticks, JACK frame, message packed as 0xSSDDDD).</summary>
    public IReadOnlyList<(long Time, long Frame, int Message)> Heard()
    {
        var count = Volatile.Read(ref _count);
        return Enumerable.Range(0, count).Select(i => (_times[i], _frames[i], _messages[i])).ToList();
    }

    [UnmanagedCallersOnly]
    private static int OnProcess(uint frames, nint self)
    {
        var probe = (JackProbe)GCHandle.FromIntPtr(self).Target!;
        var began = Stopwatch.GetTimestamp();
        var period = frames * Stopwatch.Frequency / LibJack.GetSampleRate(probe._client);
        var buffer = LibJack.PortGetBuffer(probe._port, frames);
        var start = LibJack.LastFrameTime(probe._client);
        var events = LibJack.MidiGetEventCount(buffer);
        JackMidiEvent midi;
        for (uint i = 0; i < events && probe._count < Capacity; i++)
        {
            if (LibJack.MidiEventGet(&midi, buffer, i) != 0)
            {
                continue;
            }
            var packed = 0;
            for (var b = 0; b < 3; b++)
            {
                packed = packed << 8 | (b < (int)midi.Size ? midi.Buffer[b] : 0);
            }
            probe._times[probe._count] = began + midi.Time * period / frames;
            probe._frames[probe._count] = (long)start + midi.Time;
            probe._messages[probe._count] = packed;
            Volatile.Write(ref probe._count, probe._count + 1);
        }
        return 0;
    }

    public void Dispose()
    {
        LibJack.Deactivate(_client);
        LibJack.ClientClose(_client);
        _self.Free();
    }
}
