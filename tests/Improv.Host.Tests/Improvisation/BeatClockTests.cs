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

    [Fact]
    public void ALatePulse_DoesNotMoveTheGrid()
    {
        const long start = 1_000_000;
        var random = new Random(3);
        var millisecond = Stopwatch.Frequency / 1000;
        var clock = new BeatClock();
        clock.Hear(new LiveEvent(LiveEventKind.Start, 0, 0, 0, 0, start));
        for (var pulse = 0; pulse < 72; pulse++)
        {
            var ideal = start + pulse * PulseTicks;
            var arrival = ideal + (pulse == 71 ? 10 * millisecond : random.NextInt64(2 * millisecond));
            clock.Hear(new LiveEvent(LiveEventKind.Clock, 0, 0, 0, 0, arrival));
        }

        Assert.InRange(clock.BeatsPerMinute, 119, 121);
        // Within the pulses' own jitter of the true grid; anchored on the last arrival it would be 10 ms late.
        var sixteenthAfter = clock.NextGridTicks(start + 71 * PulseTicks + 11 * millisecond, 4);
        Assert.InRange(sixteenthAfter - (start + 72 * PulseTicks), -2 * millisecond, 2 * millisecond);
    }

    [Fact]
    public void PulsesJitteredByAPeriod_KeepEveryGridPointWithinThatPeriod()
    {
        const long start = 1_000_000;
        var random = new Random(9);
        var period = Stopwatch.Frequency * 64 / 48000; // one JACK period at 64 frames, 48 kHz
        var clock = new BeatClock();
        clock.Hear(new LiveEvent(LiveEventKind.Start, 0, 0, 0, 0, start));
        var worst = 0L;
        for (var pulse = 0; pulse < 400; pulse++)
        {
            clock.Hear(new LiveEvent(LiveEventKind.Clock, 0, 0, 0, 0, start + pulse * PulseTicks + random.NextInt64(period)));
            if (pulse >= 48)
            {
                var asked = start + pulse * PulseTicks + period + random.NextInt64(3 * PulseTicks);
                var ideal = start + (long)Math.Ceiling((asked - start) / (6.0 * PulseTicks)) * 6 * PulseTicks;
                var snapped = clock.NextGridTicks(asked, 4);
                worst = Math.Max(worst, Math.Abs(snapped - ideal));
            }
        }

        Assert.InRange(worst, 0, 2 * period);
    }
}
