using System.Diagnostics;
using Improv.Host.Midi.Input;

namespace Improv.Host.Improvisation;

/// <summary>
/// Follows incoming MIDI clock (24 pulses per quarter note, Start/Stop/Continue, Song Position) and tells where the
/// next beat or subdivision falls, so answers can start on the beat. Without running clock it knows no beat.
/// </summary>
public sealed class BeatClock
{
    private const int PulsesPerQuarter = 24;

    /// <summary>Pulses between tempo estimates: one quarter note, so jitter of single pulses averages out.</summary>
    private const int PulsesPerEstimate = PulsesPerQuarter;

    private long pulse;
    private long lastPulseTicks;
    private long estimateStartTicks;
    private long estimateStartPulse;
    private double secondsPerPulse;

    /// <summary>True between Start/Continue and Stop, once a tempo is known.</summary>
    public bool Running { get; private set; }

    /// <summary>Tempo from the clock, 0 until known.</summary>
    public double BeatsPerMinute => secondsPerPulse > 0 ? 60.0 / (secondsPerPulse * PulsesPerQuarter) : 0;

    /// <summary>Takes in a clock-related event; other events are ignored.</summary>
    public void Hear(in LiveEvent played)
    {
        switch (played.Kind)
        {
            case LiveEventKind.Start:
                pulse = 0;
                Running = true;
                estimateStartTicks = 0;
                lastPulseTicks = 0;
                break;
            case LiveEventKind.Continue:
                Running = true;
                estimateStartTicks = 0;
                break;
            case LiveEventKind.Stop:
                Running = false;
                break;
            case LiveEventKind.SongPosition:
                // Song position counts sixteenth notes: 6 pulses each.
                pulse = played.Value * (PulsesPerQuarter / 4);
                estimateStartTicks = 0;
                lastPulseTicks = 0;
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
        if (!Running || secondsPerPulse <= 0 || divisionsPerBeat <= 0)
        {
            return ticks;
        }

        var pulsesPerDivision = (double)PulsesPerQuarter / divisionsPerBeat;
        var pulseTicks = secondsPerPulse * Stopwatch.Frequency;
        var pulsesAhead = (ticks - lastPulseTicks) / pulseTicks;
        var position = pulse + pulsesAhead;
        var nextDivision = Math.Ceiling(position / pulsesPerDivision - 1e-9) * pulsesPerDivision;
        return lastPulseTicks + (long)Math.Round((nextDivision - pulse) * pulseTicks);
    }

    private void Pulse(long ticks)
    {
        if (lastPulseTicks != 0)
        {
            pulse++;
        }

        lastPulseTicks = ticks;
        if (estimateStartTicks == 0)
        {
            estimateStartTicks = ticks;
            estimateStartPulse = pulse;
            return;
        }

        var pulses = pulse - estimateStartPulse;
        if (pulses >= PulsesPerEstimate)
        {
            secondsPerPulse = (double)(ticks - estimateStartTicks) / Stopwatch.Frequency / pulses;
            estimateStartTicks = ticks;
            estimateStartPulse = pulse;
        }
    }
}
