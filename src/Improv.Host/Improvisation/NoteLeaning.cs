using Improv.Music.Tokens;

namespace Improv.Host.Improvisation;

/// <summary>
/// Notochord-style knobs on the model's distribution, by reweighting its NOTE_ON logits before sampling: density leans
/// towards playing (or waiting) until Improv's own note rate meets the notes per second asked; register leans towards
/// pitches near a centre (a Gaussian of <see cref="RegisterWidth"/> semitones in probability). Both off (0) by default,
/// and then the logits pass through untouched. One preallocated buffer: allocation-free. Hand-written because it is a
/// few lines of arithmetic on the sampler's own buffer, which no sampling library here exposes.
/// </summary>
public sealed class NoteLeaning
{
    /// <summary>Semitones from the centre at which register halves a note's odds about 1.6 times (one standard deviation).</summary>
    public const double RegisterWidth = 8;

    /// <summary>Seconds over which Improv's note rate is averaged (exponentially): about a bar at a moderate tempo.</summary>
    public const double RateSeconds = 2;

    /// <summary>The most density leans either way, in nats: a factor of e^3 (20) in odds.</summary>
    public const double MaxDensityLean = 3;

    /// <summary>How strongly density leans on a wait, per second of it, against its lean on a note.</summary>
    public const double WaitLeanPerSecond = 4;

    private readonly TokenVocabulary vocabulary;
    private readonly float[] leaned;
    private double rate;
    private double rateSeconds;

    public NoteLeaning(TokenVocabulary vocabulary)
    {
        this.vocabulary = vocabulary;
        leaned = new float[vocabulary.Size];
    }

    /// <summary>Improv's note-ons per second lately, as density measures it.</summary>
    public double Rate(double seconds) => rate * Math.Exp(-(seconds - rateSeconds) / RateSeconds);

    /// <summary>One of Improv's notes started at <paramref name="seconds"/>.</summary>
    public void Struck(double seconds)
    {
        rate = Rate(seconds) + 1 / RateSeconds;
        rateSeconds = seconds;
    }

    /// <summary>
    /// <paramref name="logits"/> leaned by <paramref name="steering"/>'s density and register at <paramref name="seconds"/>;
    /// the same span when both are off. The span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Apply(ReadOnlySpan<float> logits, in Steering steering, double seconds)
    {
        if (steering.Density <= 0 && steering.Register <= 0)
        {
            return logits;
        }

        logits.CopyTo(leaned);
        // Below the rate asked, every note leans up by log(asked / rate); above it, down.
        var density = steering.Density <= 0 ? 0 : Math.Clamp(Math.Log(steering.Density / Math.Max(Rate(seconds), 1e-3)), -MaxDensityLean, MaxDensityLean);
        for (var part = 0; part < vocabulary.Parts.Count; part++)
        {
            for (var pitch = 0; pitch < Vocabulary.PitchCount; pitch++)
            {
                var distance = steering.Register <= 0 ? 0 : (pitch - steering.Register) / RegisterWidth;
                leaned[vocabulary.NoteOn(pitch, (Music.Notes.Part)part)] += (float)(density - distance * distance / 2);
            }
        }

        // Waiting leans the other way, the more the longer the wait: a note rate is as much the rests between notes.
        for (var steps = 1; density != 0 && steps <= Vocabulary.TimeShiftSteps; steps++)
        {
            leaned[vocabulary.TimeShift(steps)] -= (float)(density * steps * Vocabulary.TimeStepSeconds * WaitLeanPerSecond);
        }

        return leaned;
    }
}
