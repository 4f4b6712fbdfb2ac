using Microsoft.Extensions.Options;

namespace Improv.Host.Recording;

/// <summary>Settings under Improv:Recording: where each session's player + Improv MIDI file goes.</summary>
public sealed class RecordingOptions
{
    public const string Section = "Improv:Recording";

    public bool Enabled { get; set; } = true;

    /// <summary>Folder for session files; relative paths start at the working directory.</summary>
    public string Folder { get; set; } = "recordings";
}

/// <summary>Checks <see cref="RecordingOptions"/> at start.</summary>
public sealed class RecordingOptionsValidator : IValidateOptions<RecordingOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordingOptions options) =>
        options.Enabled && string.IsNullOrWhiteSpace(options.Folder)
            ? ValidateOptionsResult.Fail($"{RecordingOptions.Section}:Folder is empty; give a folder, or set {RecordingOptions.Section}:Enabled to false.")
            : ValidateOptionsResult.Success;
}
