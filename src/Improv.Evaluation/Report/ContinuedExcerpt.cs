using Improv.Host.Improvisation;
using Improv.Inference.Step;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Evaluation.Report;

/// <summary>An excerpt with the model's continuation of its primer, played by the daemon's own <see cref="ModelVoice"/>.</summary>
public sealed record ContinuedExcerpt(Excerpt Excerpt, int Seed, IReadOnlyList<Note> Generated, TokenVocabulary Vocabulary)
{
    /// <summary>
    /// Continues every primer for <paramref name="seconds"/>, each from silence (a fresh state) with seed
    /// <paramref name="seed"/> + its index, so one sample can be regenerated alone with `improv generate`. The model
    /// hears the primer in its parts and continues every part it knows, told <paramref name="style"/>.
    /// </summary>
    public static IReadOnlyList<ContinuedExcerpt> Generate(StepSession session, IReadOnlyList<Excerpt> excerpts, double seconds,
        int seed, Steering steering, string style)
    {
        var continued = new List<ContinuedExcerpt>(excerpts.Count);
        for (var i = 0; i < excerpts.Count; i++)
        {
            session.Reset();
            var voice = new ModelVoice(session, seed + i, role: VoiceRole.Whole(style)) { Steering = steering };
            continued.Add(new ContinuedExcerpt(excerpts[i], seed + i, Continuation.Generate(voice, excerpts[i].Primer, seconds), session.Vocabulary));
        }

        return continued;
    }

    /// <summary>The real continuation as tokens, on a clock starting at the cut.</summary>
    public int[] RealTokens() => TokensFrom(Excerpt.Real, Excerpt.PrimerSeconds);

    /// <summary>The generated continuation as tokens, on a clock starting where the model began to play.</summary>
    public int[] GeneratedTokens() => TokensFrom(Generated, Excerpt.Primer.Max(n => n.End));

    private int[] TokensFrom(IReadOnlyList<Note> notes, double start) =>
        PerformanceEncoder.Encode([.. notes.Select(n => n with { Start = n.Start - start, End = n.End - start })], Vocabulary, PartOrder.LeadFirst);
}
