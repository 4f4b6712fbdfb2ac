using System.Diagnostics;
using System.Diagnostics.Metrics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Jack;
using Improv.Host.Realtime;
using Improv.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Improv.Host.Tests.Jack;

/// <summary>
/// Improv's own JACK clients on a real JACK server, against independent JACK clients (JackProbe in native code,
/// Peers/jack_peer.py): messages leave at the frame they are due, late ones at the next cycle's start and counted,
/// several sources feed one input, and the process callbacks allocate nothing.
/// </summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class OwnJackClientTests
{
    [Fact]
    public void EachMessageLeavesAtTheFrameOfItsDueTime_ALateOneAtTheNextCycleStart_Counted()
    {
        using var jack = new ClientsUnderTest("improv-test-timing");
        using var probe = new JackProbe("improv-test-timing-probe", jack.Output.FullName);
        using var meter = new Meter("improv-test-timing");
        var timing = meter.CreateHistogram<double>("timing");
        var recorded = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, timing))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => recorded.Add(value));
        listener.Start();
        jack.WaitUntil(() => jack.Output.Cycles > 10);
        var lateBefore = jack.Metrics.LateEvents;

        // First in the queue (it is FIFO): a message a minute overdue, then 40 due from half a second on, at spacings
        // that are no whole number of frames, so each lands at a different offset of its cycle.
        var now = Stopwatch.GetTimestamp();
        Assert.True(jack.Output.Enqueue([0x90, 100, 1], now - 60 * Stopwatch.Frequency));
        var due = new List<(int Message, long Due)>();
        for (var i = 0; i < 40; i++)
        {
            var when = now + Stopwatch.Frequency / 2 + i * Stopwatch.Frequency * 31 / 10_000;
            due.Add((0x902840 + (i << 8), when));
            Assert.True(jack.Output.Enqueue([0x90, (byte)(40 + i), 64], when));
        }
        jack.WaitUntil(() => jack.Output.Written >= 41 && probe.Heard().Count >= 41);
        jack.Output.RecordTiming(timing);
        var heard = probe.Heard();

        // The overdue one first, at the start of its cycle, counted late; the rest in the order due, each once.
        Assert.Equal([0x906401, .. due.Select(d => d.Message)], heard.Select(h => h.Message));
        var period = jack.Output.PeriodFrames;
        Assert.Equal(0, (heard[0].Frame - heard.Min(h => h.Frame)) % period);
        var frame = (double)Stopwatch.Frequency / jack.Output.SampleRate;
        // As Improv placed them: every one not late at the first frame at or after its due time (never early, at most a
        // frame after); a cycle that started too late (JACK's own xrun on a busy machine) makes one late, and counts it.
        Assert.Equal(41, recorded.Count);
        var errors = recorded.Skip(1).Select(seconds => seconds * Stopwatch.Frequency).ToList();
        var onTime = errors.Count(ticks => ticks >= 0 && ticks < frame);
        Assert.True(onTime + errors.Count(ticks => ticks >= frame) == 40, $"some left early: {string.Join(' ', errors.Select(t => $"{t / frame:0.0}"))} frames");
        Assert.Equal(1 + 40 - onTime, jack.Metrics.LateEvents - lateBefore);
        Assert.True(onTime > 0, "none of 40 messages left at its frame");
        // As the probe, downstream in the same cycle, places them by its own start: never before they were due.
        Assert.All(heard.Skip(1).Zip(due), pair => Assert.True(pair.First.Time >= pair.Second.Due - frame,
            $"{pair.First.Message:x6} was heard {(pair.Second.Due - pair.First.Time) / frame:0.0} frames before it was due"));
    }

    [Fact]
    public void SeveralSources_FeedOneInput()
    {
        using var jack = new ClientsUnderTest("improv-test-sources");
        using var sources = MidiPeer.StartJack("sources", "3");
        Assert.Equal("READY", sources.ReadLine(TimeSpan.FromSeconds(30)));
        var names = Enumerable.Range(1, 3).Select(i => $"improv-jack-sources:src{i}").ToList();

        var listed = jack.Input.Ports(sources: true);
        foreach (var name in names)
        {
            Assert.Contains(name, listed);
            Assert.True(jack.Input.Connect(name), $"could not connect {name}");
        }
        // A client's view of the graph changes a cycle after the server's (in fresh-clone CI it had not yet for one of
        // three right after jack_connect returned); the notes below are what proves the connections.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!names.All(jack.Input.IsConnectedTo) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
        Assert.All(names, name => Assert.True(jack.Input.IsConnectedTo(name), $"{name} is not connected"));
        Assert.DoesNotContain(jack.Input.FullName, listed);

        var keys = jack.ReadNoteOns(3);
        Assert.Equal([60, 61, 62], keys.Order());
    }

    [Fact]
    public void TheProcessCallbacks_AllocateNothing_WhileMessagesFlowInAndOut()
    {
        using var jack = new ClientsUnderTest("improv-test-alloc");
        using var sources = MidiPeer.StartJack("sources", "2");
        Assert.Equal("READY", sources.ReadLine(TimeSpan.FromSeconds(30)));
        Assert.True(jack.Input.Connect("improv-jack-sources:src1"));
        Assert.True(jack.Input.Connect("improv-jack-sources:src2"));
        using var probe = new JackProbe("improv-test-alloc-probe", jack.Output.FullName);

        // Warm: each callback's thread has attached and every path has run once.
        Play(jack, 20);
        var inputBefore = jack.Input.AllocatedOnCallbackThread;
        var outputBefore = jack.Output.AllocatedOnCallbackThread;
        var cyclesBefore = jack.Input.Cycles;
        var heard = Play(jack, 200);

        Assert.True(heard >= 20, $"only {heard} messages came in");
        Assert.Equal(220, jack.Output.Written);
        Assert.Equal(220, probe.Heard().Count);
        Assert.True(jack.Input.Cycles > cyclesBefore);
        Assert.Equal(0, jack.Metrics.CallbackFaults);
        Assert.Equal(0, jack.Input.AllocatedOnCallbackThread - inputBefore);
        Assert.Equal(0, jack.Output.AllocatedOnCallbackThread - outputBefore);
    }

    /// <summary>Sends <paramref name="count"/> messages, each due 5 ms on, while reading what the sources play; waits for each to leave.</summary>
    private static int Play(ClientsUnderTest jack, int count)
    {
        var heard = 0;
        for (var i = 0; i < count; i++)
        {
            var due = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 200;
            Assert.True(jack.Output.Enqueue([0xB0, 1, (byte)(i % 128)], due));
            var written = jack.Output.Written;
            jack.WaitUntil(() => jack.Output.Written > written);
            while (jack.Ring.TryRead(out _))
            {
                heard++;
            }
        }
        return heard;
    }

    /// <summary>An input and an output client of Improv's own, named after the test, with the input ring and doorbell.</summary>
    private sealed class ClientsUnderTest : IDisposable
    {
        private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        private readonly Doorbell _doorbell = new();

        public ClientsUnderTest(string name)
        {
            var meters = _services.GetRequiredService<IMeterFactory>();
            Ring = new RawMessageRing(4096, new ImprovMetrics(meters).Dropped);
            Metrics = new JackMetrics(meters);
            Input = new JackInputClient(name + " In", Ring, _doorbell, Metrics);
            Output = new JackOutputClient(name + " Out", Metrics);
            Input.Open();
            Output.Open();
        }

        public JackInputClient Input { get; }

        public JackOutputClient Output { get; }

        public JackMetrics Metrics { get; }

        public RawMessageRing Ring { get; }

        /// <summary>Waits on the doorbell the input callback rings (at most 1 ms a time) until the condition holds, 30 s at most.</summary>
        public void WaitUntil(Func<bool> done)
        {
            var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
            while (!done())
            {
                Assert.True(Stopwatch.GetTimestamp() < deadline, "timed out waiting on the JACK clients");
                _doorbell.Wait(1000);
            }
        }

        /// <summary>The distinct keys of note-ons read from the input ring until <paramref name="distinct"/> were seen.</summary>
        public HashSet<int> ReadNoteOns(int distinct)
        {
            var keys = new HashSet<int>();
            WaitUntil(() =>
            {
                while (Ring.TryRead(out var message))
                {
                    ReadOnlySpan<byte> bytes = message.Bytes;
                    if (message.Length == 3 && bytes[0] == 0x90)
                    {
                        keys.Add(bytes[1]);
                    }
                }
                return keys.Count >= distinct;
            });
            return keys;
        }

        public void Dispose()
        {
            Input.Dispose();
            Output.Dispose();
            _doorbell.Dispose();
            _services.Dispose();
        }
    }
}
