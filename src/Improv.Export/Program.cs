using System.CommandLine;
using Improv.Export;
using Improv.Export.Measurement;
using Improv.Inference.Model;
using Improv.Model.Network;
using Improv.Music.Tokens;
using static TorchSharp.torch;

var measure = new Command("measure", "Time ONNX Runtime single steps of a seeded random network per hidden size (weights do not change the time)");
var hidden = new Option<int[]>("--hidden") { Description = "hidden sizes to measure", DefaultValueFactory = _ => [256, 384, 512], AllowMultipleArgumentsPerToken = true };
var layers = new Option<int>("--layers") { Description = "LSTM layers", DefaultValueFactory = _ => 2 };
var embedding = new Option<int>("--embedding") { Description = "embedding size", DefaultValueFactory = _ => 256 };
var steps = new Option<int>("--steps") { Description = "timed steps per model", DefaultValueFactory = _ => 20000 };
var forms = new Option<StepForm[]>("--step-form") { Description = "step graph forms to compare", DefaultValueFactory = _ => [StepForm.Lstm, StepForm.Unrolled], AllowMultipleArgumentsPerToken = true };
measure.Options.Add(hidden);
measure.Options.Add(layers);
measure.Options.Add(embedding);
measure.Options.Add(steps);
var vocabularies = new Option<string[]>("--vocabulary") { Description = "vocabularies to measure (their sizes set the embedding table and the output layer)", DefaultValueFactory = _ => [TokenVocabulary.PerformanceV1.Version], AllowMultipleArgumentsPerToken = true };
measure.Options.Add(forms);
measure.Options.Add(vocabularies);
measure.SetAction(parsed =>
{
    var scratch = Directory.CreateTempSubdirectory("improv-measure-");
    var models = new List<(string Name, ModelPackage Model)>();
    try
    {
        foreach (var vocabulary in parsed.GetValue(vocabularies)!.Select(TokenVocabulary.Of))
        foreach (var h in parsed.GetValue(hidden)!)
        {
            manual_seed(h);
            using var network = new MusicLstm(new ModelShape(vocabulary.Size, parsed.GetValue(embedding), h, parsed.GetValue(layers), 0.0));
            var request = new ExportRequest(network, new CorpusIdentity("random-init", ""), new NllSummary(null, null, null), "seeded random initialisation (measure)") { Vocabulary = vocabulary };
            foreach (var form in parsed.GetValue(forms)!)
            {
                var folder = Path.Combine(scratch.FullName, $"{vocabulary.Version}-h{h}-{form}");
                var parity = ModelExport.Export(request, folder, new ExportOptions(StepForm: form));
                var size = new FileInfo(Path.Combine(folder, ModelExport.StepFile)).Length / 1e6;
                var name = $"{vocabulary.Version} H={h} L={parsed.GetValue(layers)} E={parsed.GetValue(embedding)} {form,-8} step.onnx {size:F1} MB";
                Console.WriteLine($"{name}: verified, {parity}");
                models.Add((name, ModelPackage.Load(folder)));
            }
        }

        var reports = StepLatency.Compare(models.Select(m => m.Model).ToList(), parsed.GetValue(steps));
        foreach (var (name, report) in models.Select(m => m.Name).Zip(reports))
        {
            Console.WriteLine($"{name}: {report}");
        }
    }
    finally
    {
        foreach (var (_, model) in models)
        {
            model.Dispose();
        }

        scratch.Delete(recursive: true);
    }

    return 0;
});

var root = new RootCommand("Export a trained Improv LSTM to ONNX + manifest, verified against TorchSharp");
var checkpoint = new Argument<string>("CHECKPOINT") { Description = "a checkpoint folder, or a run folder (runs/NAME: its best checkpoint, else its newest)" };
var output = new Option<string>("--out") { Description = "model folder to write, e.g. models/default", Required = true };
var force = new Option<bool>("--force") { Description = "replace the model folder if it exists (only after the new model passed verification)" };
var stepForm = new Option<StepForm>("--step-form") { Description = "step graph form", DefaultValueFactory = _ => StepForm.Unrolled };
var corpusName = new Option<string>("--corpus-name") { Description = "corpus name for the manifest", DefaultValueFactory = _ => "pop909" };
var licence = new Option<string?>("--licence") { Description = "the terms the model ships under, for the manifest (e.g. \"CC BY-NC-SA 4.0 (trained on ASAP)\")" };
var baselineCorpus = new Option<string?>("--corpus") { Description = "corpus folder the model was trained on (e.g. data/pop909): the manifest then records the n-gram baseline's valid and test NLL" };
root.Arguments.Add(checkpoint);
root.Options.Add(output);
root.Options.Add(force);
root.Options.Add(stepForm);
root.Options.Add(corpusName);
root.Options.Add(baselineCorpus);
root.Options.Add(licence);
root.SetAction(parsed =>
{
    try
    {
        var request = ExportRequest.FromCheckpoint(parsed.GetValue(checkpoint)!, parsed.GetValue(corpusName)!) with { Licence = parsed.GetValue(licence) };
        if (parsed.GetValue(baselineCorpus) is { } corpus)
        {
            request = request with { Baseline = NgramBaseline.Measure(corpus, request.Vocabulary, Console.Error) };
            Console.WriteLine($"{request.Baseline.Name} baseline: valid {request.Baseline.Valid:F4}, test {request.Baseline.Test:F4} nats/token");
        }

        using var network = request.Network;
        var destination = parsed.GetValue(output)!;
        var report = ModelExport.Export(request, destination, new ExportOptions(parsed.GetValue(stepForm), parsed.GetValue(force)));
        Console.WriteLine($"verified: {report}");
        Console.WriteLine($"wrote {Path.GetFullPath(destination)}");
        return 0;
    }
    catch (Exception e) when (e is ExportFailedException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
    {
        Console.Error.WriteLine($"improv-export: {e.Message}");
        return 1;
    }
});
var unpack = new Command("checkpoint", "Unpack a model folder into a TorchSharp checkpoint (weights only), to warm-start a run from a shipped model");
var modelFolder = new Argument<string>("MODEL") { Description = "a model folder, e.g. models/default" };
var unpackOut = new Option<string>("--out") { Description = "checkpoint folder to write", Required = true };
unpack.Arguments.Add(modelFolder);
unpack.Options.Add(unpackOut);
unpack.SetAction(parsed =>
{
    try
    {
        using var network = ModelUnpack.Unpack(parsed.GetValue(modelFolder)!, parsed.GetValue(unpackOut)!);
        Console.WriteLine($"wrote {Path.GetFullPath(parsed.GetValue(unpackOut)!)} ({network.Shape.VocabularySize} tokens, H={network.Shape.HiddenSize})");
        return 0;
    }
    catch (Exception e) when (e is ModelRejectedException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
    {
        Console.Error.WriteLine($"improv-export: {e.Message}");
        return 1;
    }
});
root.Subcommands.Add(measure);
root.Subcommands.Add(unpack);
return root.Parse(args).Invoke();
