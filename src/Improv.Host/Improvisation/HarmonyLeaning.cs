using Improv.Music.Notes;
using Improv.Music.Theory;
using Improv.Music.Tokens;

namespace Improv.Host.Improvisation;

/// <summary>
/// Leans an accompaniment's notes onto the harmony of the player's lead, by reweighting the model's logits as
/// <see cref="PulseLeaning"/> does for timing: the lead's recent pitch classes (each onset counts, fading with a
/// <see cref="FadeSeconds"/> time constant; notes still held count in full) make a profile, and each accompaniment
/// NOTE_ON leans down by up to <see cref="Steering.HarmonyLock"/> nats by the share of that profile it would not fit.
/// A note fits a lead pitch class when it is the same pitch class or lies a third, fifth or sixth below it
/// (<see cref="Consonance"/>, the intervals docs/evaluation.md's note-in-chord counts). The model
/// commits to a chord before it hears the melody note that the chord will sound under; the lean makes that guess follow
/// what the melody has just been doing. Allocation-free: fixed 12-wide profiles. Hand-written because it is a few
/// additions on the sampler's own buffer; a chord recogniser would need the harmony the accompaniment itself supplies.
/// </summary>
public sealed class HarmonyLeaning
{
    /// <summary>Time constant of the lead's fading pitch classes, seconds: about a bar of a song at a moderate tempo.</summary>
    public const double FadeSeconds = 1.5;

    private readonly TokenVocabulary vocabulary;
    private readonly float[] leaned;
    private readonly double[] heard = new double[12];
    private readonly int[] held = new int[12];
    private readonly double[] profile = new double[12];
    private double heardSeconds;

    public HarmonyLeaning(TokenVocabulary vocabulary)
    {
        this.vocabulary = vocabulary;
        leaned = new float[vocabulary.Size];
    }

    /// <summary>The player's lead struck (velocity above 0) or released <paramref name="pitch"/> at <paramref name="seconds"/>.</summary>
    public void Heard(int pitch, int velocity, double seconds)
    {
        var pitchClass = pitch % 12;
        if (velocity == 0)
        {
            held[pitchClass] = Math.Max(0, held[pitchClass] - 1);
            return;
        }

        Fade(seconds);
        heard[pitchClass] += 1;
        held[pitchClass]++;
    }

    /// <summary>
    /// <paramref name="logits"/> with the accompaniment's NOTE_ONs leaned onto the lead's harmony by
    /// <paramref name="strength"/> nats at most, at <paramref name="seconds"/>; the same span when the strength is 0 or no lead
    /// has been heard. The span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Apply(ReadOnlySpan<float> logits, float strength, double seconds)
    {
        if (strength <= 0)
            return logits;
        Fade(seconds);
        var total = 0.0;
        for (var pc = 0; pc < 12; pc++)
        {
            profile[pc] = heard[pc] + held[pc];
            total += profile[pc];
        }

        if (total < 1e-3)
            return logits;
        logits.CopyTo(leaned);
        for (var below = 0; below < 12; below++)
        {
            var fitting = 0.0;
            for (var pc = 0; pc < 12; pc++)
                fitting += Consonance.Above(pc - below) ? profile[pc] : 0;
            var lean = (float)(strength * (fitting / total - 1));
            for (var pitch = below; pitch < Vocabulary.PitchCount; pitch += 12)
                leaned[vocabulary.NoteOn(pitch, Part.Accompaniment)] += lean;
        }

        return leaned;
    }

    private void Fade(double seconds)
    {
        if (seconds <= heardSeconds)
            return;
        var keep = Math.Exp(-(seconds - heardSeconds) / FadeSeconds);
        for (var pc = 0; pc < 12; pc++)
            heard[pc] *= keep;
        heardSeconds = seconds;
    }
}
