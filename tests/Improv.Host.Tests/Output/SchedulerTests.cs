using System.Diagnostics;
using System.Diagnostics.Metrics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Improv.Host.Performance;
using Improv.Host.Settings;
using Improv.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Improv.Host.Tests.Output;

/// <summary>The scheduler thread on a real JACK port: releases are obeyed in order, and a crashed handler leaves no note hanging.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class SchedulerTests(ITestOutputHelper output)
{
    private readonly ImprovMetrics metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    [Fact]
    public void AReleaseDropsWhatWasPlannedBeforeItAndKeepsWhatCameAfter()
    {
        using var port = MidiOutputPort.Open(RtMidiApi.Jack, "Improv Release Out", null, []);
        var schedule = new OutputSchedule(metrics);
        var scheduler = new NoteScheduler(schedule, port, metrics, OutputSchedule.DefaultCapacity);
        var later = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;

        schedule.Schedule(LiveEvent.NoteOn(0, 60, 90, later));
        schedule.Schedule(LiveEvent.NoteOn(0, 62, 90, later));
        schedule.Release();
        schedule.Schedule(LiveEvent.NoteOn(0, 64, 90, later));
        scheduler.Pass(Stopwatch.GetTimestamp());
        Assert.Equal(1, scheduler.Pending);

        // A release the scheduler has not seen yet still comes before what is planned after it.
        schedule.Release();
        schedule.Schedule(LiveEvent.NoteOn(0, 65, 90, later));
        schedule.Schedule(LiveEvent.NoteOn(0, 67, 90, later));
        scheduler.Pass(Stopwatch.GetTimestamp());
        Assert.Equal(2, scheduler.Pending);
        Assert.Equal(later, scheduler.NextDue);
    }

    [Fact]
    public async Task AHandlingThreadThatThrows_LeavesNoNoteHanging()
    {
        var midi = Options.Create(new MidiOptions { Backend = "Jack", InputPortName = "Improv Crash In", OutputPortName = "Improv Crash Out" });
        var performance = Options.Create(new PerformanceOptions());
        using var system = new MidiSystem(midi, NullLogger<MidiSystem>.Instance);
        await system.StartAsync(CancellationToken.None);
        var schedule = new OutputSchedule(metrics);
        var responder = new FailingResponder();
        using var scheduler = new SchedulerLoop(system, schedule, responder, midi, performance, metrics, NullLogger<SchedulerLoop>.Instance);
        var ring = new RawMessageRing(64, metrics.Dropped);
        using var doorbell = new Doorbell();
        using var performer = new PerformanceLoop(ring, doorbell, responder, schedule, performance, metrics, NullLogger<PerformanceLoop>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        await performer.StartAsync(CancellationToken.None);
        using var listener = MidiInputPort.Open(RtMidiApi.Jack, "Improv Crash Listener", "Improv Crash Out", []);
        var heard = new List<string>();
        var buffer = new byte[64];
        void Listen(Func<bool> until)
        {
            var deadline = Stopwatch.GetTimestamp() + 20 * Stopwatch.Frequency;
            while (!until() && Stopwatch.GetTimestamp() < deadline)
            {
                listener.Supervise();
                int length;
                while ((length = listener.Read(buffer, out _)) > 0)
                {
                    heard.Add(Convert.ToHexString(buffer, 0, length).ToLowerInvariant());
                }
                Thread.Sleep(5);
            }
        }

        Listen(() => listener.Connected);
        foreach (var key in new byte[] { 0x3c, 0x40, 0x43 })
        {
            ring.TryWrite(Stopwatch.GetTimestamp(), 0, [0x90, key, 0x50], 3);
        }
        Listen(() => heard.Count(m => m.StartsWith("90", StringComparison.Ordinal)) == 3);
        Assert.Equal(["903c50", "904050", "904350"], heard);

        ring.TryWrite(Stopwatch.GetTimestamp(), 0, [0xB0, 0x10, 0x7F], 3); // the responder throws on this one
        Listen(() => heard.Contains("b07b00"));
        // The panic is the crashed thread's last act; its task is marked failed just after.
        await Task.WhenAny(performer.ExecuteTask!, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.True(performer.ExecuteTask!.IsFaulted, "the handling thread was meant to have crashed");
        Assert.False(scheduler.ExecuteTask!.IsCompleted, "the scheduler thread ended the notes, not its own shutdown");
        Assert.Equal(["903c50", "904050", "904350", "803c00", "804000", "804300", "b07b00"], heard);
        Assert.Equal(0, schedule.Sounding);
        await scheduler.StopAsync(CancellationToken.None);
        await performer.StopAsync(CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task NotesPlannedAheadLeaveInOrder_EachWithItsTimingError()
    {
        const int notes = 150;
        var errors = new double[2 * notes + 16];
        var recorded = 0;
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, metrics.OutputTimingError))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((_, value, _, _) => errors[Math.Min(Interlocked.Increment(ref recorded), errors.Length) - 1] = value);
        meters.Start();
        var midi = Options.Create(new MidiOptions { Backend = "Jack", InputPortName = "Improv Timing In", OutputPortName = "Improv Timing Out" });
        using var system = new MidiSystem(midi, NullLogger<MidiSystem>.Instance);
        await system.StartAsync(CancellationToken.None);
        var schedule = new OutputSchedule(metrics);
        using var scheduler = new SchedulerLoop(system, schedule, new FailingResponder(), midi, Options.Create(new PerformanceOptions()), metrics,
            NullLogger<SchedulerLoop>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        using var listener = MidiInputPort.Open(RtMidiApi.Jack, "Improv Timing Listener", "Improv Timing Out", []);
        while (!listener.Connected)
        {
            listener.Supervise();
            Thread.Sleep(10);
        }

        // Notes 20 ms apart with odd offsets, planned a little ahead in small batches, as the improviser plans them.
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var heard = new List<byte>();
        var buffer = new byte[16];
        for (var i = 0; i < notes; i++)
        {
            var on = start + i * Stopwatch.Frequency / 50 + i % 7 * Stopwatch.Frequency / 3000;
            while (Stopwatch.GetTimestamp() < on - Stopwatch.Frequency / 200)
            {
                Thread.Sleep(1);
            }
            schedule.Schedule(LiveEvent.NoteOn(0, (byte)(i % 128), 80, on));
            schedule.Schedule(LiveEvent.NoteOff(0, (byte)(i % 128), on + Stopwatch.Frequency / 100));
            int length;
            while ((length = listener.Read(buffer, out _)) > 0)
            {
                heard.Add(buffer[0] == 0x90 ? buffer[1] : byte.MaxValue);
            }
        }
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (heard.Count < 2 * notes && Stopwatch.GetTimestamp() < deadline)
        {
            int length;
            while ((length = listener.Read(buffer, out _)) > 0)
            {
                heard.Add(buffer[0] == 0x90 ? buffer[1] : byte.MaxValue);
            }
            Thread.Sleep(5);
        }
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, notes).Select(i => (byte)(i % 128)), heard.Where(key => key != byte.MaxValue));
        Assert.Equal(2 * notes, Volatile.Read(ref recorded));
        var sorted = errors[..(2 * notes)].Order().ToArray();
        output.WriteLine($"output timing error over {sorted.Length} events (sent - due): p50 {sorted[sorted.Length / 2] * 1e6:0} us, " +
            $"p99 {sorted[sorted.Length * 99 / 100] * 1e6:0} us, max {sorted[^1] * 1e6:0} us, min {sorted[0] * 1e6:0} us");
        Assert.All(sorted, error => Assert.True(error >= 0, $"an event left {-error * 1e6:0} us before its time"));
    }

    /// <summary>Plays every note-on it hears and never its note-off; throws on any controller, as a broken component would.</summary>
    private sealed class FailingResponder : IResponder
    {
        public void Respond(in LiveEvent played, OutputSchedule schedule)
        {
            if (played.Kind == LiveEventKind.ControlChange)
            {
                throw new InvalidOperationException("a component of the handling path failed");
            }
            if (played.Kind == LiveEventKind.NoteOn)
            {
                schedule.Schedule(played);
            }
        }
    }
}
