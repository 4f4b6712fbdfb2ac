using System.CommandLine;
using System.Diagnostics;
using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Host.Cli;

/// <summary>`improv generate`: continues a primer MIDI file offline, faster than real time, with the daemon's own engine.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        Option<FileInfo> primer = new("--primer") { Description = "MIDI file whose notes the model hears first", Required = true };
        Option<double> seconds = new("--seconds") { Description = "How long the model plays after the primer", DefaultValueFactory = _ => 30 };
        Option<FileInfo> output = new("--out") { Description = "MIDI file to write: track 'Player' (the primer) and track 'Improv'", Required = true };
        Option<string> model = new("--model") { Description = "Model folder (manifest.json + ONNX graphs)", DefaultValueFactory = _ => new ImprovisationOptions().Model };
        Option<int> seed = new("--seed") { Description = "Random seed: the same seed writes the same file", DefaultValueFactory = _ => Environment.TickCount };
        Option<double> temperature = new("--temperature") { Description = "Sampling temperature, 0.05..3", DefaultValueFactory = _ => 1.0 };
        Option<double> topP = new("--top-p") { Description = "Nucleus sampling mass, 0.05..1", DefaultValueFactory = _ => 0.95 };
        Option<string> scale = new("--scale") { Description = "Keep notes in a key, e.g. 'C major'", DefaultValueFactory = _ => "" };

        Command command = new("generate", "Continue a primer MIDI file offline with the model, faster than real time")
        {
            primer, seconds, output, model, seed, temperature, topP, scale,
        };
        command.SetAction(parse =>
        {
            var settings = new ImprovisationOptions
            {
                Model = parse.GetValue(model)!,
                Temperature = parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                Scale = parse.GetValue(scale)!,
            };
            var problems = new ImprovisationOptionsValidator().Validate(null, settings);
            var length = parse.GetValue(seconds);
            if (problems.Failed || length is <= 0 or > 3600)
            {
                foreach (var failure in problems.Failures ?? [])
                {
                    Console.Error.WriteLine($"improv generate: {failure}");
                }

                if (length is <= 0 or > 3600)
                {
                    Console.Error.WriteLine($"improv generate: --seconds is {length}; allowed: above 0, up to 3600.");
                }

                return 2;
            }

            return Generate(parse.GetValue(primer)!, length, parse.GetValue(output)!, settings, parse.GetValue(seed));
        });
        return command;
    }

    private static int Generate(FileInfo primerFile, double seconds, FileInfo output, ImprovisationOptions settings, int seed)
    {
        try
        {
            var primer = MidiFileReader.Read(primerFile.FullName).Notes;
            using var model = ModelPackage.Load(ModelLocation.Resolve(settings.Model));
            if (settings.Role.ProblemWith(model.Vocabulary) is { } problem)
                throw new ModelRejectedException($"model {settings.Model}: {ImprovisationOptions.Section}:Style: {problem}");
            using var session = new StepSession(model);
            var voice = new ModelVoice(session, seed, role: settings.Role) { Steering = Steering.From(settings) };
            var clock = Stopwatch.StartNew();
            var played = Continuation.Generate(voice, primer, seconds);
            output.Directory?.Create();
            MidiFileWriter.Write(output.FullName, [new NoteTrack("Player", primer), new NoteTrack("Improv", played, Channel: 1)]);
            Console.WriteLine($"improv generate: {played.Count} notes in {seconds:0.#} s of music after a {primer.Count}-note primer, " +
                $"in {clock.Elapsed.TotalSeconds:0.00} s (seed {seed}) -> {output.FullName}");
            return 0;
        }
        catch (Exception e) when (e is MidiFileError or ModelRejectedException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"improv generate: {e.Message}");
            return 1;
        }
    }
}
