using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Evaluation.Report;

/// <summary>
/// Coherence, diversity and copying of one set of continuations (the model's, or the real ones as the yardstick),
/// each measure as docs/evaluation.md defines it.
/// </summary>
/// <param name="InScaleRatio">Share of notes in the key estimated from the sample's primer.</param>
/// <param name="PitchClassEntropyBits">Entropy of the count-weighted pitch-class histogram; 0 to 3.585 bits.</param>
/// <param name="DistinctN">distinct-1..4 over all samples together.</param>
/// <param name="SelfBleu">Mean BLEU-4 of each sample against the others.</param>
/// <param name="LongestCopyTokens">Longest token run each sample shares with one training song.</param>
/// <param name="LongestCopySeconds">The same run as music time (its time shifts), seconds.</param>
public sealed record SetMeasures(
    Spread NotesPerSecond,
    Spread InScaleRatio,
    Spread PitchClassEntropyBits,
    Spread RecurrenceRate,
    Spread Determinism,
    IReadOnlyList<double> DistinctN,
    double SelfBleu,
    Spread LongestCopyTokens,
    Spread LongestCopySeconds,
    int LongestCopyMax)
{
    /// <summary>Highest minus lowest pitch of each sample (semitones): a style-following measure.</summary>
    public Spread PitchRange { get; init; } = Spread.Of([]);

    /// <summary>Mean absolute interval between consecutive onsets of each sample (semitones): a style-following measure.</summary>
    public Spread MeanPitchInterval { get; init; } = Spread.Of([]);

    /// <summary>
    /// Style following, as the issue measures it: each of density, pitch range and mean interval of this set's median
    /// sample, and whether it falls within the <paramref name="real"/> set's p10-p90.
    /// </summary>
    public IReadOnlyList<(string Measure, double Median, double RealP10, double RealP90, bool Inside)> FollowingOf(SetMeasures real) =>
    [
        .. new[] { ("notes per second", NotesPerSecond, real.NotesPerSecond), ("pitch range", PitchRange, real.PitchRange),
                ("mean interval", MeanPitchInterval, real.MeanPitchInterval) }
            .Select(m => (m.Item1, m.Item2.Median, m.Item3.P10, m.Item3.P90, m.Item2.Median >= m.Item3.P10 && m.Item2.Median <= m.Item3.P90)),
    ];

    /// <summary>Measures samples given as (notes, tokens, the primer's key) against the training split's index.</summary>
    public static SetMeasures Of(IReadOnlyList<(IReadOnlyList<Note> Notes, int[] Tokens, Key? PrimerKey)> samples,
        double seconds, VerbatimCopyIndex train, TokenVocabulary vocabulary)
    {
        var tokens = samples.Select(s => s.Tokens).ToArray();
        var recurrence = samples.Select(s => Recurrence.Of([.. s.Notes])).ToArray();
        var copies = tokens.Select(t => (Tokens: t, Run: train.LongestRun(t))).ToArray();
        return new SetMeasures(
            Spread.Of(samples.Select(s => s.Notes.Count / seconds)),
            Spread.Of(samples.Select(s => s.PrimerKey is { } key && s.Notes.Count > 0 ? PitchClasses.InScaleRatio(s.Notes, key.PitchClassMask) : double.NaN)),
            Spread.Of(samples.Select(s => s.Notes.Count > 0 ? PitchClasses.EntropyBits(PitchClasses.Histogram(s.Notes)) : double.NaN)),
            Spread.Of(recurrence.Select(r => r.RecurrenceRate)),
            Spread.Of(recurrence.Select(r => r.Determinism)),
            [.. Enumerable.Range(1, NGrams.MaxOrder).Select(n => NGrams.DistinctN(tokens, n))],
            Improv.Music.Statistics.SelfBleu.Of(tokens),
            Spread.Of(copies.Select(c => (double)c.Run.Length)),
            Spread.Of(copies.Select(c => SecondsOf(c.Tokens.AsSpan(c.Run.SampleStart, c.Run.Length), vocabulary))),
            copies.Length == 0 ? 0 : copies.Max(c => c.Run.Length))
        {
            PitchRange = Spread.Of(samples.Select(s => s.Notes.Count >= 2 ? StyleFeatures.Of(StyleFeature.PitchRange, [.. s.Notes])[0] : double.NaN)),
            MeanPitchInterval = Spread.Of(samples.Select(s => s.Notes.Count >= 2 ? StyleFeatures.Of(StyleFeature.MeanPitchInterval, [.. s.Notes])[0] : double.NaN)),
        };
    }

    /// <summary>How much music time a token run spans: the sum of its time shifts.</summary>
    private static double SecondsOf(ReadOnlySpan<int> run, TokenVocabulary vocabulary)
    {
        var steps = 0;
        foreach (var token in run)
        {
            if (vocabulary.KindOf(token) == TokenKind.TimeShift)
            {
                steps += vocabulary.ValueOf(token);
            }
        }

        return steps * Vocabulary.TimeStepSeconds;
    }
}
