using System.Diagnostics;
using System.Diagnostics.Metrics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Improv.Host.Performance;
using Improv.Host.Recording;
using Improv.Host.Settings;
using Improv.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Improv.Host.Tests;

/// <summary>
/// The real-time path allocates nothing: ring -> performer (parser, Thru) -> schedule -> a real JACK output port,
/// with the session recorder taking every note as it does in the daemon.
/// </summary>
[Collection(JackCollection.Name)]
public class HotPathAllocationTests
{
    [Fact]
    public async Task AThousandMessagesThroughTheHandlingPath_AllocateNothing()
    {
        var folder = Directory.CreateTempSubdirectory("improv-alloc-recording-").FullName;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new ImprovMetrics(services.GetRequiredService<IMeterFactory>());
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ImprovMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var recorded = 0;
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => recorded++);
        listener.Start();
        using var port = MidiOutputPort.Open(RtMidiApi.Jack, "Improv Alloc Out", null, []);
        var recorder = new SessionRecorder(Options.Create(new RecordingOptions { Folder = folder }), metrics, NullLogger<SessionRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        while (Directory.GetFiles(folder, "*" + SessionJournal.Extension).Length == 0)
        {
            await Task.Delay(10);
        }

        var schedule = new OutputSchedule(port, metrics, 4096, recorder);
        var ring = new RawMessageRing(4096, metrics.Dropped);
        var performer = new Performer(new Thru(transpose: 7), schedule, metrics, panicController: 123, recorder);

        void Pass(int count)
        {
            Span<byte> bytes = stackalloc byte[3];
            for (var i = 0; i < count; i++)
            {
                bytes[0] = (byte)((i % 2 == 0 ? 0x90 : 0x80) | i / 2 % 16);
                bytes[1] = (byte)(i / 2 % 100);
                bytes[2] = 64;
                ring.TryWrite(Stopwatch.GetTimestamp(), 0, bytes, 3);
                while (ring.TryRead(out var message))
                {
                    performer.Hear(message);
                }
                schedule.SendDue(Stopwatch.GetTimestamp());
            }
        }

        Pass(200); // first calls JIT and size what is lazily sized
        var before = GC.GetAllocatedBytesForCurrentThread();
        Pass(1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, metrics.Dropped.Total);
        Assert.Equal(2 * 1200, recorded); // handling and timing error, for each event, all the way to the port
        schedule.Panic();
        await recorder.StopAsync(CancellationToken.None);
        var session = Improv.Music.Midi.MidiFileReader.Read(Assert.Single(Directory.GetFiles(folder, "*.mid")));
        Assert.Equal(600, session.Tracks.Single(t => t.Name == "Player").NoteCount);
        Assert.Equal(600, session.Tracks.Single(t => t.Name == "Improv").NoteCount);
        Directory.Delete(folder, recursive: true);
    }
}
