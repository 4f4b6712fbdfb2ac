using System.Diagnostics.Metrics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Midi.Ports;
using Improv.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Improv.Host.Improvisation;
using Improv.Host.Live;
using Improv.Host.Realtime;

namespace Improv.Host.Tests.Ports;

/// <summary>The port supervisor finds and reconnects peers; the real-time threads never list a port.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class PortSupervisorTests
{
    [Theory]
    [InlineData(MidiBackend.RtMidiJack)]
    [InlineData(MidiBackend.Jack)]
    public async Task APeerThatLeavesAndReturns_IsReconnected_WithNoEnumerationOnARealtimeThread(MidiBackend backend)
    {
        var metrics = new ImprovMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var midi = Options.Create(new MidiOptions
        {
            Backend = backend,
            Input = "improv-test-peer:supsrc",
            Output = "improv-test-peer-sink:supsink",
            InputPortName = "Improv Sup In",
            OutputPortName = "Improv Sup Out",
        });
        var performance = Options.Create(new RealtimeOptions());
        using var system = new MidiSystem(midi, NullLogger<MidiSystem>.Instance);
        await system.StartAsync(CancellationToken.None);
        var said = new SaidLog();
        using var ports = new PortSupervisor(system, midi, metrics, said);
        var ring = new RawMessageRing(256, metrics.Dropped);
        using var doorbell = new Doorbell();
        var schedule = new OutputSchedule(metrics);
        var thru = new Thru(0);
        using var receiver = new MidiReceiver(ports, ring, doorbell, performance, metrics, NullLogger<MidiReceiver>.Instance);
        using var scheduler = new SchedulerLoop(ports, schedule, thru, performance, metrics, NullLogger<SchedulerLoop>.Instance);
        using var performer = new PerformerLoop(ring, doorbell, thru, schedule, performance, Options.Create(new ImprovisationOptions()), metrics, NullLogger<PerformerLoop>.Instance);
        var enumerations = MidiPort.Enumerations;
        var onRealtimeThreads = MidiPort.EnumerationsOnRealtimeThreads;
        await ports.StartAsync(CancellationToken.None);
        await scheduler.StartAsync(CancellationToken.None);
        await performer.StartAsync(CancellationToken.None);
        await receiver.StartAsync(CancellationToken.None);
        try
        {
            // Started after Improv: found by the supervisor, not at opening.
            using (var first = MidiPeer.Start("peer", "supsrc", "supsink"))
            {
                Assert.Equal("ECHO", first.ReadLine(TimeSpan.FromSeconds(60)));
                first.Kill();
            }
            // Both ports must have been taken back: a peer back before the supervisor's next look never left.
            said.WaitFor("MIDI input peer 'improv-test-peer:supsrc' vanished", TimeSpan.FromSeconds(60));
            said.WaitFor("MIDI output peer 'improv-test-peer-sink:supsink' vanished", TimeSpan.FromSeconds(60));
            using var second = MidiPeer.Start("peer", "supsrc", "supsink");
            Assert.Equal("ECHO", second.ReadLine(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await receiver.StopAsync(CancellationToken.None);
            await performer.StopAsync(CancellationToken.None);
            await scheduler.StopAsync(CancellationToken.None);
            await ports.StopAsync(CancellationToken.None);
        }

        Assert.True(MidiPort.Enumerations > enumerations, "the supervisor was meant to list the ports");
        Assert.Equal(onRealtimeThreads, MidiPort.EnumerationsOnRealtimeThreads);
        Assert.Contains("MIDI input peer 'improv-test-peer:supsrc' is back: reconnected", said.Lines);
        Assert.Contains("MIDI output peer 'improv-test-peer-sink:supsink' is back: reconnected", said.Lines);
    }

    /// <summary>What the supervisor said, line by line.</summary>
    private sealed class SaidLog : ILogger<PortSupervisor>
    {
        private readonly List<string> lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return [.. lines];
                }
            }
        }

        public void WaitFor(string start, TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (!Lines.Any(line => line.StartsWith(start, StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the supervisor never said \"{start}\"; it said:\n{string.Join('\n', Lines)}");
                Thread.Sleep(20);
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }
}
