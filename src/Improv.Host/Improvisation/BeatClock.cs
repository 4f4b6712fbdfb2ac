using System.Diagnostics;
using Improv.Host.Midi.Input;

namespace Improv.Host.Improvisation;

/// <summary>
/// Follows incoming MIDI clock (24 pulses per quarter note, Start/Stop/Continue, Song Position) and tells where the
/// next beat or subdivision falls, so answers can start on the beat. Without running clock it knows no beat.
/// </summary>
/// <remarks>
/// Pulses arrive jittered: JACK delivers on period boundaries (at 120 BPM a 20.8 ms interval arrives as 20.0 or
/// 21.3 ms), a busy sender or receiver delays some and then passes them on in a burst. So neither one interval nor the
/// last arrival says where the grid is. A straight line fitted (least squares) through the arrivals of the last two
/// quarter notes does: its slope is the tempo, its value at the latest pulse the grid's anchor; jitter averages out
/// and a burst is a few outliers among 48. Allocation-free: the window is a preallocated ring.
/// </remarks>
public sealed class BeatClock
{
    private const int PulsesPerQuarter = 24;

    /// <summary>Pulses in the fit: two quarter notes, so a tempo is known one quarter note after Start.</summary>
    private const int Window = 2 * PulsesPerQuarter;

    private readonly long[] arrivals = new long[Window];
    private long pulse;
    private long lastPulseTicks;
    private int heard;
    private long gridTicks;
    private double ticksPerPulse;

    /// <summary>True between Start/Continue and Stop, once a tempo is known.</summary>
    public bool Running { get; private set; }

    /// <summary>Tempo from the clock, 0 until known.</summary>
    public double BeatsPerMinute => ticksPerPulse > 0 ? 60.0 * Stopwatch.Frequency / (ticksPerPulse * PulsesPerQuarter) : 0;

    /// <summary>Takes in a clock-related event; other events are ignored.</summary>
    public void Hear(in LiveEvent played)
    {
        switch (played.Kind)
        {
            case LiveEventKind.Start:
                pulse = 0;
                lastPulseTicks = 0;
                Running = true;
                heard = 0;
                break;
            case LiveEventKind.Continue:
                // Counting goes on from where it stopped; the timing starts afresh after the pause.
                Running = true;
                heard = 0;
                break;
            case LiveEventKind.Stop:
                Running = false;
                break;
            case LiveEventKind.SongPosition:
                // Song position counts sixteenth notes: 6 pulses each.
                pulse = played.Value * (PulsesPerQuarter / 4);
                lastPulseTicks = 0;
                heard = 0;
                break;
            case LiveEventKind.Clock:
                Pulse(played.Time);
                break;
        }
    }

    /// <summary>
    /// The first grid point at or after <paramref name="ticks"/> (Stopwatch ticks), with <paramref name="divisionsPerBeat"/>
    /// points per quarter note; <paramref name="ticks"/> itself when no clock is running.
    /// </summary>
    public long NextGridTicks(long ticks, int divisionsPerBeat)
    {
        if (!Running || heard < PulsesPerQuarter || ticksPerPulse <= 0 || divisionsPerBeat <= 0)
        {
            return ticks;
        }

        var pulsesPerDivision = (double)PulsesPerQuarter / divisionsPerBeat;
        var position = pulse + (ticks - gridTicks) / ticksPerPulse;
        var nextDivision = Math.Ceiling(position / pulsesPerDivision - 1e-9) * pulsesPerDivision;
        return gridTicks + (long)Math.Round((nextDivision - pulse) * ticksPerPulse);
    }

    private void Pulse(long ticks)
    {
        if (lastPulseTicks != 0)
        {
            pulse++;
        }

        lastPulseTicks = ticks;
        arrivals[heard++ % Window] = ticks;
        if (heard >= PulsesPerQuarter)
        {
            Fit();
        }
    }

    /// <summary>Least squares through (pulse, arrival) of the window; x counts back from the latest pulse.</summary>
    private void Fit()
    {
        var count = Math.Min(heard, Window);
        var latest = arrivals[(heard - 1) % Window];
        double sumX = 0, sumY = 0, sumXX = 0, sumXY = 0;
        for (var back = 0; back < count; back++)
        {
            double x = -back;
            double y = arrivals[(heard - 1 - back) % Window] - latest;
            sumX += x;
            sumY += y;
            sumXX += x * x;
            sumXY += x * y;
        }

        var slope = (count * sumXY - sumX * sumY) / (count * sumXX - sumX * sumX);
        if (slope <= 0)
        {
            return; // a burst of simultaneous arrivals says nothing about tempo
        }

        ticksPerPulse = slope;
        gridTicks = latest + (long)Math.Round((sumY - slope * sumX) / count);
    }
}
