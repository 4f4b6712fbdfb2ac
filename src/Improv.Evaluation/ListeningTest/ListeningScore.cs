using System.Globalization;
using Improv.Music.Statistics;

namespace Improv.Evaluation.ListeningTest;

/// <summary>
/// How often listeners picked the real music: the identification rate with its exact 95 % interval and exact
/// binomial tests against guessing (p = 0.5). Each row of the answers is one judgement; several listeners append rows.
/// </summary>
public sealed record ListeningScore(int Trials, int Correct, double Rate, double Lower, double Upper, double PGreater, double PTwoSided)
{
    /// <summary>The answers file's header: pair number, and A or B, the file the listener believes is the real music.</summary>
    public const string AnswersHeader = "pair,real";

    /// <summary>Scores an answers file against a key; a malformed or unknown row is an <see cref="InvalidDataException"/> naming file and line.</summary>
    public static ListeningScore Of(string answersPath, AnswerKey key)
    {
        var trials = 0;
        var correct = 0;
        foreach (var (line, fields) in CsvRows.Read(answersPath, AnswersHeader))
        {
            if (fields.Length != 2 || CsvRows.Pair(fields[0]) is not { } pair || CsvRows.Side(fields[1]) is not { } side)
            {
                throw new InvalidDataException(
                    $"{answersPath} line {line}: expected 'pair,real' with a pair number and A or B (the file you think is the real music), got '{string.Join(",", fields)}'");
            }

            if (!key.Pairs.TryGetValue(pair, out var entry))
            {
                throw new InvalidDataException($"{answersPath} line {line}: pair {pair} is not in the answer key (pairs {key.Pairs.Keys.Min()}..{key.Pairs.Keys.Max()})");
            }

            trials++;
            correct += entry.Real == side ? 1 : 0;
        }

        if (trials == 0)
        {
            throw new InvalidDataException($"{answersPath}: no answers (a row is 'pair,real', e.g. 1,A)");
        }

        var (lower, upper) = BinomialTest.ConfidenceInterval(correct, trials);
        return new ListeningScore(trials, correct, (double)correct / trials, lower, upper,
            BinomialTest.PValue(correct, trials, 0.5, Alternative.Greater),
            BinomialTest.PValue(correct, trials, 0.5, Alternative.TwoSided));
    }

    /// <summary>The result in words a musician reads without a statistics course.</summary>
    public override string ToString()
    {
        var verdict = PGreater < 0.05
            ? "listeners told the real music from Improv's better than chance (p < 0.05): the generated music did not pass."
            : PTwoSided < 0.05
                ? "listeners picked Improv's music as the real one more often than chance (p < 0.05)."
                : "listeners did not tell the real music from Improv's better than chance (p >= 0.05): the generated music passed this test"
                  + (Upper - Lower > 0.3 ? ", but the test is small (wide interval): more judgements would say more." : ".");
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            judgements: {Trials}, real one identified: {Correct}
            identification rate: {Rate:F3} (95 % Clopper-Pearson interval {Lower:F3} to {Upper:F3}; chance 0.5)
            exact binomial test vs 0.5: one-sided (better than chance) p = {PGreater:G4}, two-sided p = {PTwoSided:G4}
            verdict: {verdict}
            """);
    }
}
