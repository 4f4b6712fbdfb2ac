using System.Globalization;
using Improv.Model.Checkpoints;
using Improv.Model.Network;
using Improv.Model.Training;
using Improv.Music.Corpus;
using Improv.Music.Statistics;

namespace Improv.Model.Evaluation;

/// <summary>LSTM and n-gram baseline scored on the same songs and tokens, split by split.</summary>
public sealed record EvaluationReport(IReadOnlyList<EvaluationReport.Row> Rows, int NgramOrder)
{
    /// <summary>One split's scores; NLL in nats per token over every token but each song's first.</summary>
    public sealed record Row(Split Split, int Songs, Nll Lstm, Nll Baseline);

    public static EvaluationReport Of(MusicLstm network, TrainingData data, IEnumerable<Split> splits,
        int ngramOrder, int batchSize)
    {
        var baseline = KneserNey.Train(data.Train, ngramOrder, network.Shape.VocabularySize);
        var rows = splits.Select(split =>
        {
            var songs = data.Of(split);
            return new Row(split, songs.Count, SongNll.Of(network, songs, batchSize), baseline.Score(songs));
        }).ToArray();
        return new EvaluationReport(rows, ngramOrder);
    }

    public void Write(TextWriter output)
    {
        var ngram = $"{NgramOrder}-gram KN";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"split",-6} {"songs",6} {"tokens",10} {"LSTM NLL",9} {"LSTM ppl",9} {ngram + " NLL",16} {ngram + " ppl",16}"));
        foreach (var r in Rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Split.ToString().ToLowerInvariant(),-6} {r.Songs,6} {r.Lstm.Tokens,10} {r.Lstm.PerToken,9:F4} {r.Lstm.Perplexity,9:F3} {r.Baseline.PerToken,16:F4} {r.Baseline.Perplexity,16:F3}"));
        }

        output.WriteLine("NLL in nats per token (every token of each song after its first); perplexity = exp(NLL).");
        foreach (var r in Rows)
        {
            var verdict = r.Lstm.PerToken < r.Baseline.PerToken ? "beats" : "does NOT beat";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Split.ToString().ToLowerInvariant()}: the LSTM {verdict} the {ngram} baseline ({r.Lstm.PerToken - r.Baseline.PerToken:+0.0000;-0.0000} nats/token)."));
        }
    }
}
