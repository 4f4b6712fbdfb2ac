using System.Diagnostics;
using System.Diagnostics.Metrics;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Improv.Host.Telemetry;
using Improv.Host.Tests.Recording;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;
using Improv.Host.Live;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// The improviser's real-time paths allocate nothing: the handling path (ring -> performer -> improviser with the
/// default model in ONNX Runtime -> output schedule) and the scheduler path (to a real JACK output port, with the
/// session recorder taking each note), in every mode, switched away and back by the mode controller in the middle
/// of each call, with MIDI clock running and onsets snapped or not. The metrics pipeline is the daemon's own (OpenTelemetry to the Prometheus exporter), so every histogram
/// record reaches a real listener. Each path is measured on the thread that runs it (here, the test's thread, one
/// path at a time), on a clock the test moves a millisecond a tick, over a second call after a first one warmed up.
/// </summary>
[Collection(JackCollection.Name)]
public class ImproviserAllocationTests(ITestOutputHelper output)
{
    private const double PulseSeconds = 60.0 / 120 / 24;

    public static TheoryData<ImprovisationMode, SnapGrid> ModesAndSnapping() => new()
    {
        { ImprovisationMode.CallAndResponse, SnapGrid.Off },
        { ImprovisationMode.CallAndResponse, SnapGrid.Sixteenth },
        { ImprovisationMode.Duet, SnapGrid.Off },
        { ImprovisationMode.Duet, SnapGrid.Sixteenth },
        { ImprovisationMode.Accompany, SnapGrid.Off },
        { ImprovisationMode.Solo, SnapGrid.Sixteenth },
    };

    /// <summary>A mode controller (CC 23) value in each mode's range.</summary>
    private static int ControllerValue(ImprovisationMode mode) => mode switch
    {
        ImprovisationMode.CallAndResponse => 0,
        ImprovisationMode.Accompany => 40,
        ImprovisationMode.Solo => 80,
        _ => 127,
    };

    [Theory]
    [MemberData(nameof(ModesAndSnapping))]
    public async Task CallsAndAnswersThroughTheImproviser_AllocateNothing(ImprovisationMode mode, SnapGrid snap)
    {
        var folder = Directory.CreateTempSubdirectory("improv-alloc-improviser-").FullName;
        await using var services = new ServiceCollection().AddMetrics().AddSingleton<ImprovMetrics>().AddMetricsExport().BuildServiceProvider();
        using var meterProvider = services.GetRequiredService<MeterProvider>();
        var metrics = services.GetRequiredService<ImprovMetrics>();
        Assert.True(metrics.InputHandling.Enabled, "the OpenTelemetry pipeline is not listening");
        using var sent = new MeterListener();
        long eventsOut = 0;
        sent.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ImprovMetrics.MeterName && instrument.Name == "improv.events.out")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        sent.SetMeasurementEventCallback<long>((_, value, _, _) => eventsOut = value);
        sent.Start();

        // Every knob on: density and register lean the distribution, the session memory mixes into it, and in accompany
        // the pulse lock leans it onto the player's onsets.
        var options = new ImprovisationOptions { Seed = 3, SnapToBeat = snap, MinAnswerSeconds = 2, MaxAnswerSeconds = 2, Density = 6, Register = 64, MemoryWeight = "Auto", PulseLock = 4, HarmonyLock = 4 };
        using var model = new LoadedModel(PlayerScript.DefaultModel);
        var voice = new ModelVoice(model.Session, options.Seed!.Value) { Steering = Steering.From(options) };
        var origin = Stopwatch.GetTimestamp();
        var improviser = new Improviser(new PlayingModel(voice, model), options, mode, origin, metrics);
        using var port = MidiOutputPort.Open(RtMidiApi.Jack, "Improv Alloc Answer", null, []);
        var recorder = await RecordingStarted.In(folder, metrics);

        var schedule = new OutputSchedule(metrics);
        var scheduler = new NoteScheduler(schedule, port, metrics, OutputSchedule.DefaultCapacity, recorder) { LatenessLimit = improviser.LatenessLimit };
        var ring = new RawMessageRing(4096, metrics.Dropped);
        var performer = new Performer(improviser, schedule, metrics, panicController: 123, recorder);
        var phrase = PlayerScript.TestSplitPhrase(12);
        var calls = phrase.SelectMany(n => new[] { new Played(n.Start, 0x90, (byte)n.Pitch, (byte)n.Velocity), new Played(n.End, 0x80, (byte)n.Pitch, 0) })
            .OrderBy(e => e.Seconds).ToArray();
        var callSeconds = phrase.Max(n => n.End);
        // Halfway through the call the mode controller switches to another mode (ending Improv's notes), at its end back.
        var other = mode switch
        {
            ImprovisationMode.CallAndResponse => ImprovisationMode.Duet,
            ImprovisationMode.Duet => ImprovisationMode.CallAndResponse,
            ImprovisationMode.Accompany => ImprovisationMode.Solo,
            _ => ImprovisationMode.Accompany,
        };
        calls = [.. calls.Append(new Played(callSeconds / 2, 0xB0, 23, (byte)ControllerValue(other)))
            .Append(new Played(callSeconds, 0xB0, 23, (byte)ControllerValue(mode))).OrderBy(e => e.Seconds)];
        long handling = 0, scheduling = 0;
        var seconds = 0.0;
        var nextPulse = 0.0;
        var bytes = new byte[3];

        void Hear(double at, ReadOnlySpan<byte> message) =>
            ring.TryWrite(origin + (long)(at * Stopwatch.Frequency), 0, message, message.Length);

        // One call and what follows it: the answer in call and response, the model playing along in duet.
        void Perform(double length)
        {
            var start = seconds;
            var next = 0;
            for (; seconds < start + length; seconds += 0.001)
            {
                var now = origin + (long)(seconds * Stopwatch.Frequency);
                for (; nextPulse <= seconds; nextPulse += PulseSeconds)
                {
                    bytes[0] = 0xF8;
                    Hear(nextPulse, bytes.AsSpan(0, 1));
                }
                for (; next < calls.Length && start + calls[next].Seconds <= seconds; next++)
                {
                    (bytes[0], bytes[1], bytes[2]) = (calls[next].Status, calls[next].Key, calls[next].Velocity);
                    Hear(start + calls[next].Seconds, bytes);
                }

                var before = GC.GetAllocatedBytesForCurrentThread();
                while (ring.TryRead(out var message))
                {
                    performer.Hear(message);
                }
                improviser.Tick(now, schedule);
                var handled = GC.GetAllocatedBytesForCurrentThread();
                scheduler.Pass(now);
                var scheduled = GC.GetAllocatedBytesForCurrentThread();
                handling += handled - before;
                scheduling += scheduled - handled;
            }
        }

        bytes[0] = 0xFA;
        Hear(0, bytes.AsSpan(0, 1));
        // A first call warms up (JIT, ONNX Runtime's first runs, lazily sized buffers); the second is measured.
        Perform(callSeconds + 3);
        handling = scheduling = 0;
        sent.RecordObservableInstruments();
        var sentBefore = eventsOut;
        Perform(callSeconds + 3);
        sent.RecordObservableInstruments();
        var answered = eventsOut - sentBefore;

        scheduler.Panic();
        await recorder.StopAsync(CancellationToken.None);
        Directory.Delete(folder, recursive: true);
        output.WriteLine($"{mode}, snap {snap}: {answered} events sent; handling {handling} B, scheduling {scheduling} B");
        Assert.True(answered >= 8, $"only {answered} events sent: the measured window heard too little of the model");
        Assert.Equal(0, handling);
        Assert.Equal(0, scheduling);
    }

    private readonly record struct Played(double Seconds, byte Status, byte Key, byte Velocity);
}
