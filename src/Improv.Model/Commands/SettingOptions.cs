using System.CommandLine;
using System.Text.RegularExpressions;
using Improv.Model.Training;

namespace Improv.Model.Commands;

/// <summary>
/// One command-line option per <see cref="TrainingConfig"/> setting (hiddenSize -> --hidden-size), plus --config,
/// so every hyperparameter in config/train.json can be overridden without a second list to keep in step.
/// </summary>
internal sealed partial class SettingOptions
{
    private readonly Dictionary<string, Option<string>> byName;

    public SettingOptions(Command command)
    {
        Config = new Option<string>("--config")
        {
            Description = "Hyperparameter file (JSON)",
            DefaultValueFactory = _ => Path.Combine("config", "train.json"),
        };
        command.Options.Add(Config);
        byName = TrainingConfig.SettingNames.ToDictionary(name => name, name => new Option<string>("--" + Kebab(name))
        {
            Description = $"Overrides \"{name}\" of the config file",
            HelpName = "value",
        });
        foreach (var option in byName.Values)
        {
            command.Options.Add(option);
        }
    }

    public Option<string> Config { get; }

    /// <summary>The settings given on this command line, by JSON name.</summary>
    public Dictionary<string, string> Overrides(ParseResult result) => byName
        .Select(pair => (pair.Key, Value: result.GetValue(pair.Value)))
        .Where(pair => pair.Value is not null)
        .ToDictionary(pair => pair.Key, pair => pair.Value!);

    public TrainingConfig Load(ParseResult result) => TrainingConfig.Load(result.GetValue(Config), Overrides(result));

    private static string Kebab(string name) => Capital().Replace(name, m => "-" + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex Capital();
}
