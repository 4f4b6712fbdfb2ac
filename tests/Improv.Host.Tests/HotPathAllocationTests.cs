using System.Diagnostics;
using System.Diagnostics.Metrics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Improv.Host.Telemetry;
using Improv.Host.Tests.Recording;
using Microsoft.Extensions.DependencyInjection;
using Improv.Host.Improvisation;
using Improv.Host.Live;
using Improv.Host.Realtime;

namespace Improv.Host.Tests;

/// <summary>
/// The real-time paths allocate nothing: the handling path (ring -> performer (parser, Thru) -> output schedule) and the
/// scheduler path (take the plans, wait for the due time, send to a real JACK output port), with the session recorder
/// taking every note as it does in the daemon. Both paths run on the test's thread here, so each is measured on its own.
/// </summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class HotPathAllocationTests
{
    [Fact]
    public async Task AThousandMessagesThroughTheHandlingAndSchedulerPaths_AllocateNothing()
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
        var recorder = await RecordingStarted.In(folder, metrics);

        var schedule = new OutputSchedule(metrics);
        var scheduler = new NoteScheduler(schedule, port, metrics, OutputSchedule.DefaultCapacity, recorder);
        var ring = new RawMessageRing(4096, metrics.Dropped);
        var performer = new Performer(new Thru(transpose: 7), schedule, metrics, panicController: 123, recorder);
        var pacer = new PollPacer(250, 1000);
        long handling = 0, scheduling = 0;

        void Pass(int count)
        {
            Span<byte> bytes = stackalloc byte[3];
            for (var i = 0; i < count; i++)
            {
                bytes[0] = (byte)((i % 2 == 0 ? 0x90 : 0x80) | i / 2 % 16);
                bytes[1] = (byte)(i / 2 % 100);
                bytes[2] = 64;
                ring.TryWrite(Stopwatch.GetTimestamp(), 0, bytes, 3);
                var before = GC.GetAllocatedBytesForCurrentThread();
                while (ring.TryRead(out var message))
                {
                    performer.Hear(message);
                }
                var handled = GC.GetAllocatedBytesForCurrentThread();
                // One event also due a little later, so the scheduler's sleep-then-spin runs too.
                schedule.Schedule(LiveEvent.ControlChange(0, 1, (byte)(i % 128), Stopwatch.GetTimestamp() + PollPacer.SpinTicks / 2));
                var planned = GC.GetAllocatedBytesForCurrentThread();
                var busy = scheduler.Pass(Stopwatch.GetTimestamp());
                scheduler.Wait(ref pacer, busy);
                scheduler.Pass(Stopwatch.GetTimestamp());
                var sent = GC.GetAllocatedBytesForCurrentThread();
                handling += handled - before;
                scheduling += sent - planned;
            }
        }

        Pass(200); // first calls JIT and size what is lazily sized
        handling = scheduling = 0;
        Pass(1000);

        Assert.Equal(0, handling);
        Assert.Equal(0, scheduling);
        Assert.Equal(0, scheduler.Pending);
        Assert.Equal(0, metrics.Dropped.Total);
        // Handling and timing error for each note event, timing error for each control change, all the way to the port.
        Assert.Equal(3 * 1200, recorded);
        scheduler.Panic();
        await recorder.StopAsync(CancellationToken.None);
        var session = Improv.Music.Midi.MidiFileReader.Read(Assert.Single(Directory.GetFiles(folder, "*.mid")));
        Assert.Equal(600, session.Tracks.Single(t => t.Name == "Player").NoteCount);
        Assert.True(600 == session.Tracks.Single(t => t.Name == "Improv").NoteCount, string.Join(" ", session.Notes.Where(n => n.Pitch >= 0).Take(80).Select(n => $"{n.Pitch}@{n.Start:0.0000}-{n.End:0.0000}")));
        Directory.Delete(folder, recursive: true);
    }
}
