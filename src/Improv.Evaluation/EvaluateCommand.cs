using System.CommandLine;
using System.Globalization;
using Improv.Evaluation.Report;
using Improv.Inference.Model;
using Improv.Music.Corpus;
using Improv.Host.Improvisation;

namespace Improv.Evaluation;

/// <summary>`improv-evaluate`: likelihood, coherence, diversity and style of a model on a corpus split, as report.json + report.md with plots.</summary>
public static class EvaluateCommand
{
    /// <summary>The root command of `improv-evaluate`: the report itself; the listening test hangs under it.</summary>
    public static RootCommand Create()
    {
        var defaults = new EvaluationSettings { Model = "", Corpus = "" };
        Option<string> model = new("--model") { Description = "Model folder (manifest.json + ONNX graphs)", DefaultValueFactory = _ => new ImprovisationOptions().Model };
        Option<string> split = new("--split") { Description = "Corpus split to evaluate on: test, valid or train", DefaultValueFactory = _ => "test" };
        Option<string> corpus = new("--corpus") { Description = "Corpus folder (MIDI files; the split follows each file name, or data/corpora.json's rules for a corpus it lists)", DefaultValueFactory = _ => Path.Combine("data", "pop909") };
        Option<string> output = new("--out") { Description = "Report folder to write (report.json, report.md, PNG plots)", DefaultValueFactory = _ => Path.Combine("reports", "evaluation") };
        Option<int> primers = new("--primers") { Description = "Primers to continue, one per song in id order; 0: every song long enough", DefaultValueFactory = _ => defaults.Primers };
        Option<int> songs = new("--songs") { Description = "Songs scored for the likelihood, in id order; 0: the whole split", DefaultValueFactory = _ => defaults.LikelihoodSongs };
        Option<double> seconds = new("--seconds") { Description = "How long the model plays after each primer (and how much real continuation it is compared with)", DefaultValueFactory = _ => defaults.Seconds };
        Option<int> seed = new("--seed") { Description = "Seed of the first sample; sample i uses seed + i", DefaultValueFactory = _ => defaults.Seed };
        Option<double> temperature = new("--temperature") { Description = "Sampling temperature, 0.05..3", DefaultValueFactory = _ => defaults.Temperature };
        Option<double> topP = new("--top-p") { Description = "Nucleus sampling mass, 0.05..1 (the styles in the daemon's StyleTopP keep theirs: jazz and chorale 0.99)", DefaultValueFactory = _ => defaults.TopP };
        Option<double> cut = new("--cut") { Description = "Where each primer ends in its song, seconds (short pieces, such as chorales, need less)", DefaultValueFactory = _ => defaults.CutSeconds };
        Option<double> primerSeconds = new("--primer-seconds") { Description = "How long each primer is, seconds", DefaultValueFactory = _ => defaults.PrimerSeconds };
        Option<string?> style = new("--style") { Description = "Style the model is told (a name its manifest lists, or any); default: the corpus's style in data/corpora.json" };
        Option<double> pulseLock = new("--pulse-lock") { Description = "How strongly the accompaniment leans onto the lead's pulse, nats 0..16 (the daemon's Improv:Improvisation:PulseLock)", DefaultValueFactory = _ => defaults.PulseLock };
        Option<double> harmonyLock = new("--harmony-lock") { Description = "How strongly the accompaniment leans onto the lead's harmony, nats 0..16 (the daemon's Improv:Improvisation:HarmonyLock)", DefaultValueFactory = _ => defaults.HarmonyLock };
        Option<string> memory = new("--memory") { Description = "Session memory weight of the continuations and accompaniment, 0..1 or Auto (the daemon's Improv:Improvisation:MemoryWeight)", DefaultValueFactory = _ => defaults.MemoryWeight };
        Option<int> accompaniment = new("--accompaniment") { Description = "Pieces whose accompaniment a two-part model plays under the real lead; 0: none", DefaultValueFactory = _ => defaults.AccompanimentPieces };

        RootCommand command = new("improv-evaluate: measure a model on a corpus split: likelihood beside the n-gram baseline, and continuations of primers against the real ones")
        {
            model, split, corpus, output, primers, songs, seconds, seed, temperature, topP, style, accompaniment, cut, primerSeconds, pulseLock, harmonyLock, memory,
        };
        command.SetAction(parse =>
        {
            var problems = new List<string>();
            var splitName = parse.GetValue(split)!;
            if (!Enum.TryParse<Split>(splitName, ignoreCase: true, out var chosen) || !Enum.IsDefined(chosen))
            {
                problems.Add($"--split is '{splitName}'; allowed: test, valid, train");
            }

            var length = parse.GetValue(seconds);
            if (length is < 2 or > 600)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"--seconds is {length}; allowed: 2 to 600"));
            }

            if (parse.GetValue(cut) is < 1 or > 3600 || parse.GetValue(primerSeconds) is < 1 or > 3600)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"--cut is {parse.GetValue(cut)} and --primer-seconds {parse.GetValue(primerSeconds)}; allowed: 1 to 3600 each"));
            }

            if (parse.GetValue(primers) is 1 or < 0)
            {
                problems.Add($"--primers is {parse.GetValue(primers)}; allowed: 0 (every song) or 2 and more (diversity compares samples)");
            }

            if (parse.GetValue(songs) < 0)
            {
                problems.Add($"--songs is {parse.GetValue(songs)}; allowed: 0 (the whole split) or more");
            }

            var steering = new ImprovisationOptions { Temperature = parse.GetValue(temperature), TopP = parse.GetValue(topP), PulseLock = parse.GetValue(pulseLock), HarmonyLock = parse.GetValue(harmonyLock), MemoryWeight = parse.GetValue(memory)! };
            problems.AddRange(new ImprovisationOptionsValidator().Validate(null, steering).Failures ?? []);
            var corpusFolder = parse.GetValue(corpus)!;
            if (!Directory.Exists(corpusFolder))
            {
                problems.Add($"corpus folder {Path.GetFullPath(corpusFolder)} does not exist; pass --corpus");
            }

            if (problems.Count > 0)
            {
                problems.ForEach(p => Console.Error.WriteLine($"improv-evaluate: {p}"));
                return 2;
            }

            var settings = new EvaluationSettings
            {
                Model = parse.GetValue(model)!,
                Corpus = corpusFolder,
                Split = chosen,
                Primers = parse.GetValue(primers),
                LikelihoodSongs = parse.GetValue(songs),
                Seconds = length,
                Seed = parse.GetValue(seed),
                Style = parse.GetValue(style),
                CutSeconds = parse.GetValue(cut),
                PrimerSeconds = Math.Min(parse.GetValue(primerSeconds), parse.GetValue(cut)),
                AccompanimentPieces = Math.Max(0, parse.GetValue(accompaniment)),
                Temperature = steering.Temperature,
                TopP = steering.TopP,
                PulseLock = steering.PulseLock,
                HarmonyLock = steering.HarmonyLock,
                MemoryWeight = steering.MemoryWeight,
            };
            try
            {
                var result = ModelEvaluation.Run(settings, Console.Out);
                var report = ReportFolder.Write(result, parse.GetValue(output)!, Console.Out);
                var l = report.Likelihood;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"improv-evaluate: NLL {l.NllPerToken:F4} nats/token (perplexity {l.Perplexity:F2}) vs {l.Baseline} {l.BaselineNllPerToken:F4} on {l.Songs} songs; " +
                    $"in-scale {report.Generated.InScaleRatio.Median:F3} (real {report.Real.InScaleRatio.Median:F3})"));
                return 0;
            }
            catch (Exception e) when (e is ModelRejectedException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"improv-evaluate: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
