using System.Diagnostics;
using System.Diagnostics.Metrics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Improv.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using Improv.Host.Improvisation;
using Improv.Host.Live;
using Improv.Host.Realtime;

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
        await using var rig = await CrashRig.Start(metrics, "Crash", faultLimit: null);
        rig.PlayThreeNotesThenFail();
        // The panic is the crashed thread's last act; its task is marked failed just after.
        await Task.WhenAny(rig.Performer.ExecuteTask!, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.True(rig.Performer.ExecuteTask!.IsFaulted, "the handling thread was meant to have crashed");
        Assert.False(rig.Scheduler.ExecuteTask!.IsCompleted, "the scheduler thread ended the notes, not its own shutdown");
        Assert.Equal(["903c50", "904050", "904350", "803c00", "804000", "804300", "b07b00"], rig.Heard);
        Assert.Equal(0, rig.Schedule.Sounding);
    }

    [Fact]
    public async Task InTheDaemon_AHandlingThreadThatThrows_EndsItsNotes_LogsTheExceptionOnceOffThatThread_AndPlaysOn()
    {
        await using var rig = await CrashRig.Start(metrics, "Fault", faultLimit: 10);
        rig.PlayThreeNotesThenFail();
        rig.Play(0x48);

        Assert.Equal(["903c50", "904050", "904350", "803c00", "804000", "804300", "b07b00", "904850"], rig.Heard);
        Assert.False(rig.Performer.ExecuteTask!.IsCompleted, "the handling thread died");
        Assert.Equal(1, metrics.RealtimeFaults);
        var logged = rig.Log.AwaitEntries(1);
        var entry = Assert.Single(logged);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal(FailingResponder.Message, entry.Error?.Message);
        Assert.Contains("improv performer", entry.Message, StringComparison.Ordinal);
        Assert.NotEqual("improv performer", entry.Thread);
        Assert.False(rig.Lifetime.ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task FaultsReachingTheLimitWithinAMinute_StopTheDaemonWithAFailedExitCode()
    {
        await using var rig = await CrashRig.Start(metrics, "Limit", faultLimit: 3);
        for (var fault = 1; fault <= 3; fault++)
        {
            Assert.Equal(0, rig.Faults.ExitCode);
            rig.Play((byte)(0x40 + fault));
            rig.Fail();
        }

        Assert.True(rig.Lifetime.ApplicationStopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the daemon was not stopped");
        Assert.Equal(RealtimeFaults.FailedExitCode, rig.Faults.ExitCode);
        var stop = Assert.Single(rig.Log.AwaitEntries(4), e => e.Level == LogLevel.Critical);
        Assert.Contains("Improv:Realtime:FaultLimit (3)", stop.Message, StringComparison.Ordinal);
        Assert.Equal(3, rig.Log.AwaitEntries(4).Count(e => e.Level == LogLevel.Error));
    }

    /// <summary>
    /// The scheduler and handling threads on real JACK ports, with a <see cref="FailingResponder"/>; with a fault limit,
    /// as the daemon runs them (faults survived and handed to <see cref="RealtimeFaults"/>), without, as bare loops.
    /// </summary>
    private sealed class CrashRig : IAsyncDisposable
    {
        private readonly byte[] buffer = new byte[64];
        private readonly MidiSystem system;
        private readonly PortSupervisor ports;
        private readonly RawMessageRing ring;
        private readonly Doorbell doorbell;
        private readonly MidiInputPort listener;

        private CrashRig(MidiSystem system, PortSupervisor ports, OutputSchedule schedule, SchedulerLoop scheduler, PerformerLoop performer, RawMessageRing ring,
            Doorbell doorbell, RealtimeFaults faults, ApplicationLifetime lifetime, ListLogger log, MidiInputPort listener)
        {
            this.system = system;
            this.ports = ports;
            Schedule = schedule;
            Scheduler = scheduler;
            Performer = performer;
            this.ring = ring;
            this.doorbell = doorbell;
            Faults = faults;
            Lifetime = lifetime;
            Log = log;
            this.listener = listener;
        }

        public OutputSchedule Schedule { get; }

        public SchedulerLoop Scheduler { get; }

        public PerformerLoop Performer { get; }

        public RealtimeFaults Faults { get; }

        public ApplicationLifetime Lifetime { get; }

        public ListLogger Log { get; }

        public List<string> Heard { get; } = [];

        public static async Task<CrashRig> Start(ImprovMetrics metrics, string name, int? faultLimit)
        {
            var midi = Options.Create(new MidiOptions { Backend = MidiBackend.RtMidiJack, InputPortName = $"Improv {name} In", OutputPortName = $"Improv {name} Out" });
            var performance = Options.Create(new RealtimeOptions { FaultLimit = faultLimit ?? 10 });
            var system = new MidiSystem(midi, NullLogger<MidiSystem>.Instance);
            await system.StartAsync(CancellationToken.None);
            var schedule = new OutputSchedule(metrics);
            var responder = new FailingResponder();
            var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
            var log = new ListLogger();
            var faults = new RealtimeFaults(performance, metrics, lifetime, log);
            var survives = faultLimit is null ? null : faults;
            var ports = new PortSupervisor(system, midi, metrics, NullLogger<PortSupervisor>.Instance);
            var scheduler = new SchedulerLoop(ports, schedule, responder, performance, metrics, NullLogger<SchedulerLoop>.Instance, faults: survives);
            var ring = new RawMessageRing(64, metrics.Dropped);
            var doorbell = new Doorbell();
            var performer = new PerformerLoop(ring, doorbell, responder, schedule, performance, Options.Create(new ImprovisationOptions()), metrics, NullLogger<PerformerLoop>.Instance, faults: survives);
            await faults.StartAsync(CancellationToken.None);
            await scheduler.StartAsync(CancellationToken.None);
            await performer.StartAsync(CancellationToken.None);
            var listener = MidiInputPort.Open(RtMidiApi.Jack, $"Improv {name} Listener", $"Improv {name} Out", []);
            var rig = new CrashRig(system, ports, schedule, scheduler, performer, ring, doorbell, faults, lifetime, log, listener);
            rig.Listen(() => listener.Connected);
            return rig;
        }

        /// <summary>Three notes the responder plays and never ends, then a controller it throws on.</summary>
        public void PlayThreeNotesThenFail()
        {
            foreach (var key in new byte[] { 0x3c, 0x40, 0x43 })
            {
                ring.TryWrite(Stopwatch.GetTimestamp(), 0, [0x90, key, 0x50], 3);
            }
            doorbell.Ring();
            Listen(() => Heard.Count(m => m.StartsWith("90", StringComparison.Ordinal)) == 3);
            Assert.Equal(["903c50", "904050", "904350"], Heard);
            Fail();
        }

        public void Fail()
        {
            var panics = Heard.Count(m => m == "b07b00");
            ring.TryWrite(Stopwatch.GetTimestamp(), 0, [0xB0, 0x10, 0x7F], 3);
            doorbell.Ring();
            Listen(() => Heard.Count(m => m == "b07b00") > panics);
        }

        public void Play(byte key)
        {
            ring.TryWrite(Stopwatch.GetTimestamp(), 0, [0x90, key, 0x50], 3);
            doorbell.Ring();
            var expected = $"90{key:x2}50";
            Listen(() => Heard.Contains(expected));
        }

        private void Listen(Func<bool> until)
        {
            var deadline = Stopwatch.GetTimestamp() + 20 * Stopwatch.Frequency;
            while (!until() && Stopwatch.GetTimestamp() < deadline)
            {
                listener.Supervise();
                int length;
                while ((length = listener.Read(buffer, out _)) > 0)
                {
                    Heard.Add(Convert.ToHexString(buffer, 0, length).ToLowerInvariant());
                }
                Thread.Sleep(5);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Scheduler.StopAsync(CancellationToken.None);
            await Performer.StopAsync(CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            await Faults.StopAsync(CancellationToken.None);
            listener.Dispose();
            Scheduler.Dispose();
            Performer.Dispose();
            Faults.Dispose();
            doorbell.Dispose();
            await ports.StopAsync(CancellationToken.None);
            ports.Dispose();
            system.Dispose();
        }
    }

    /// <summary>What was logged, with the thread that logged it.</summary>
    private sealed class ListLogger : ILogger<RealtimeFaults>
    {
        private readonly List<(LogLevel Level, string Message, Exception? Error, string? Thread)> entries = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (entries)
            {
                entries.Add((logLevel, formatter(state, exception), exception, Thread.CurrentThread.Name));
            }
        }

        /// <summary>The entries once at least <paramref name="count"/> are there (or after 10 s).</summary>
        public List<(LogLevel Level, string Message, Exception? Error, string? Thread)> AwaitEntries(int count)
        {
            var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
            while (true)
            {
                lock (entries)
                {
                    if (entries.Count >= count || Stopwatch.GetTimestamp() > deadline)
                    {
                        return [.. entries];
                    }
                }
                Thread.Sleep(10);
            }
        }
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
        var midi = Options.Create(new MidiOptions { Backend = MidiBackend.RtMidiJack, InputPortName = "Improv Timing In", OutputPortName = "Improv Timing Out" });
        using var system = new MidiSystem(midi, NullLogger<MidiSystem>.Instance);
        await system.StartAsync(CancellationToken.None);
        var schedule = new OutputSchedule(metrics);
        using var ports = new PortSupervisor(system, midi, metrics, NullLogger<PortSupervisor>.Instance);
        using var scheduler = new SchedulerLoop(ports, schedule, new FailingResponder(), Options.Create(new RealtimeOptions()), metrics,
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
        await ports.StopAsync(CancellationToken.None);

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
        public const string Message = "a component of the handling path failed";

        public void Respond(in LiveEvent played, OutputSchedule schedule)
        {
            if (played.Kind == LiveEventKind.ControlChange)
            {
                throw new InvalidOperationException(Message);
            }
            if (played.Kind == LiveEventKind.NoteOn)
            {
                schedule.Schedule(played);
            }
        }
    }
}
