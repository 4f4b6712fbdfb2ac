using System.Diagnostics;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Input;

namespace Improv.Host.Tests.Improvisation;

public class BeatClockTests
{
    private static readonly long PulseTicks = Stopwatch.Frequency / 48; // 24 pulses per quarter at 120 BPM

    private static BeatClock Running(int pulses, long start = 1_000_000)
    {
        var clock = new BeatClock();
        clock.Hear(new LiveEvent(LiveEventKind.Start, 0, 0, 0, 0, start));
        for (var pulse = 0; pulse < pulses; pulse++)
        {
            clock.Hear(new LiveEvent(LiveEventKind.Clock, 0, 0, 0, 0, start + pulse * PulseTicks));
        }

        return clock;
    }

    [Fact]
    public void TempoComesFromThePulses()
    {
        Assert.Equal(120, Running(49).BeatsPerMinute, 3);
    }

    [Theory]
    [InlineData(1, 24)]
    [InlineData(2, 12)]
    [InlineData(4, 6)]
    public void OnsetsMoveToTheNextGridPoint(int divisionsPerBeat, int pulsesPerDivision)
    {
        const long start = 1_000_000;
        var clock = Running(50, start);
        // Pulse 49 was the last; a time just after pulse 50 snaps to the next division after it.
        var justAfter = start + 50 * PulseTicks + PulseTicks / 3;
        var expectedPulse = (50 / pulsesPerDivision + 1) * pulsesPerDivision;
        Assert.Equal(start + expectedPulse * PulseTicks, clock.NextGridTicks(justAfter, divisionsPerBeat), (double)PulseTicks / 1000);
    }

    [Fact]
    public void WithoutRunningClockTimeStaysAsItIs()
    {
        var clock = Running(50);
        clock.Hear(new LiveEvent(LiveEventKind.Stop, 0, 0, 0, 0, 0));
        Assert.Equal(123_456_789, new BeatClock().NextGridTicks(123_456_789, 4));
        Assert.Equal(123_456_789, clock.NextGridTicks(123_456_789, 4));
    }
}
