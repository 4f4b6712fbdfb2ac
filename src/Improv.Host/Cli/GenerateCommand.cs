using System.CommandLine;
using System.Diagnostics;
using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Midi;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Theory;

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
        Option<double> topP = new("--top-p") { Description = "Nucleus sampling mass, 0.05..1 (the styles in StyleTopP keep theirs: jazz and chorale 0.99)", DefaultValueFactory = _ => new ImprovisationOptions().TopP };
        Option<string> scale = new("--scale") { Description = "Keep notes in a key, e.g. 'C major', or Auto: the primer's key", DefaultValueFactory = _ => "" };
        Option<string> mode = new("--mode")
        {
            Description = "As live: CallAndResponse or Duet continue after the primer; Accompany and Solo play along with the whole primer, in the other part",
            DefaultValueFactory = _ => nameof(ImprovisationMode.CallAndResponse),
        };
        Option<string> style = new("--style") { Description = "Style the model is told (a name its manifest lists, any), or Auto: judged from the primer", DefaultValueFactory = _ => Music.Tokens.Style.Any };
        Option<string> memory = new("--memory") { Description = "Session memory weight, 0 (off) to 1, or Auto (fitted as it listens)", DefaultValueFactory = _ => new ImprovisationOptions().MemoryWeight };
        Option<string?> part = new("--part")
        {
            Description = "Part the primer is heard in, Lead or Accompaniment; default: the mode's (call and response: heard from the primer, chords or a line)",
        };

        Command command = new("generate", "Continue a primer MIDI file offline with the model, faster than real time")
        {
            primer, seconds, output, model, seed, temperature, topP, scale, mode, style, memory, part,
        };
        command.SetAction(parse =>
        {
            var settings = new ImprovisationOptions
            {
                Model = parse.GetValue(model)!,
                Temperature = parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                Scale = parse.GetValue(scale)!,
                Style = parse.GetValue(style)!,
                MemoryWeight = parse.GetValue(memory)!,
            };
            var problems = new ImprovisationOptionsValidator().Validate(null, settings);
            var failures = new List<string>(problems.Failures ?? []);
            var length = parse.GetValue(seconds);
            if (length is <= 0 or > 3600)
            {
                failures.Add($"--seconds is {length}; allowed: above 0, up to 3600.");
            }

            // Thru plays no model: there is nothing to generate.
            var generating = Enum.GetValues<ImprovisationMode>().Where(m => m != ImprovisationMode.Thru).ToArray();
            var known = Enum.TryParse<ImprovisationMode>(parse.GetValue(mode), ignoreCase: true, out var playing);
            if (!known || int.TryParse(parse.GetValue(mode), out _) || !generating.Contains(playing))
            {
                failures.Add($"--mode is '{parse.GetValue(mode)}'; allowed: {string.Join(", ", generating)}.");
            }

            Part? heard = null;
            if (parse.GetValue(part) is { } partName)
            {
                if (Enum.TryParse<Part>(partName, ignoreCase: true, out var named) && Enum.IsDefined(named))
                {
                    heard = named;
                }
                else
                {
                    failures.Add($"--part is '{partName}'; allowed: {string.Join(", ", Enum.GetNames<Part>())}.");
                }
            }

            if (failures.Count > 0)
            {
                foreach (var failure in failures)
                {
                    Console.Error.WriteLine($"improv generate: {failure}");
                }

                return 2;
            }

            return Generate(parse.GetValue(primer)!, length, parse.GetValue(output)!, settings, parse.GetValue(seed), playing, heard);
        });
        return command;
    }

    /// <summary>
    /// Plays as the daemon would in <paramref name="mode"/>: the style Auto judges and the call's part are heard from
    /// the whole primer, as live they are from the player's playing.
    /// </summary>
    private static int Generate(FileInfo primerFile, double seconds, FileInfo output, ImprovisationOptions settings, int seed,
        ImprovisationMode mode, Part? heard)
    {
        try
        {
            var primer = MidiFileReader.Read(primerFile.FullName).Notes;
            using var model = ModelPackage.Load(ModelLocation.Resolve(settings.Model));
            if (settings.InfersStyle && model.Vocabulary.Styles.Count == 0)
                throw new ModelRejectedException($"model {settings.Model}: --style Auto: the model's vocabulary {model.Vocabulary.Version} has no styles to choose from");
            using var session = new StepSession(model);
            var style = settings.InfersStyle ? new StyleInference(session).Infer(primer) ?? Music.Tokens.Style.Any : settings.Style;
            var callPart = heard ?? CallListener.PartOf(primer);
            var role = mode.RoleIn(style, callPart);
            if (role.ProblemWith(model.Vocabulary) is { } problem)
                throw new ModelRejectedException($"model {settings.Model}: --mode {mode} --style {style}: {problem}");
            var steering = Steering.From(settings);
            if (settings.InfersScale && KeyFinder.Estimate(primer) is { } key)
                steering = steering with { Scale = Scale.TryParse(key.ToString(), out var scale, out _) ? scale : null };
            var voice = new ModelVoice(session, seed, role: role) { Steering = steering };
            var player = primer.Select(n => n with { Part = mode.NeedsTwoParts() ? role.Player : heard ?? role.Player }).ToList();
            var clock = Stopwatch.StartNew();
            var played = mode.NeedsTwoParts() ? Continuation.Accompany(voice, player) : Continuation.Generate(voice, player, seconds);
            seconds = mode.NeedsTwoParts() ? primer.Count == 0 ? 0 : primer.Max(n => n.End) : seconds;
            output.Directory?.Create();
            MidiFileWriter.Write(output.FullName, [new NoteTrack("Player", primer), new NoteTrack("Improv", played, Channel: 1)]);
            Console.WriteLine($"improv generate: {played.Count} notes in {seconds:0.#} s of music " +
                $"{(mode.NeedsTwoParts() ? "along" : "after")} a {primer.Count}-note primer ({mode}, {role.Model?.ToString().ToLowerInvariant() ?? "both parts"}, style {style}), " +
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
