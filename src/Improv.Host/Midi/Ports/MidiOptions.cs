using Microsoft.Extensions.Options;

namespace Improv.Host.Midi.Ports;

/// <summary>Settings under Improv:Midi: which MIDI system, and which ports.</summary>
public sealed class MidiOptions
{
    public const string Section = "Improv:Midi";

    /// <summary>Auto, Alsa, Jack (Improv's own JACK clients), RtMidiJack (JACK through RtMidi), CoreMidi or WinMM.</summary>
    public MidiBackend Backend { get; set; } = MidiBackend.Auto;

    /// <summary>
    /// The port to read from (exact name or case-insensitive part of it); empty: a virtual port others connect to;
    /// Auto (the default): the virtual port, and every hardware keyboard connected to it as it appears.
    /// </summary>
    public string? Input { get; set; } = Keyboards.Auto;

    /// <summary>
    /// The port to play into (exact name or part of it); empty: a virtual port; Auto (the default): the virtual port,
    /// connected to the keyboard's own device when it has a MIDI input, else to the synth.
    /// </summary>
    public string? Output { get; set; } = Keyboards.Auto;

    /// <summary>Improv's own input port (and client) name.</summary>
    public string InputPortName { get; set; } = "Improv In";

    /// <summary>Improv's own output port (and client) name.</summary>
    public string OutputPortName { get; set; } = "Improv Out";

    /// <summary>When Backend is Auto and no MIDI system is found (no ALSA sequencer, no JACK server), start a JACK dummy server.</summary>
    public bool StartJack { get; set; } = true;

    /// <summary>Both of Improv's own client names, so name matching can skip them.</summary>
    public IReadOnlyCollection<string> OwnClients => [InputPortName, OutputPortName];
}

/// <summary>Checks <see cref="MidiOptions"/> at start, naming the setting and what it allows.</summary>
public sealed class MidiOptionsValidator : IValidateOptions<MidiOptions>
{
    public ValidateOptionsResult Validate(string? name, MidiOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.InputPortName) || options.InputPortName.Contains(':'))
        {
            failures.Add($"{MidiOptions.Section}:InputPortName is '{options.InputPortName}'; it must be a non-empty name without ':'.");
        }
        if (string.IsNullOrWhiteSpace(options.OutputPortName) || options.OutputPortName.Contains(':'))
        {
            failures.Add($"{MidiOptions.Section}:OutputPortName is '{options.OutputPortName}'; it must be a non-empty name without ':'.");
        }
        if (options.InputPortName == options.OutputPortName)
        {
            failures.Add($"{MidiOptions.Section}:InputPortName and OutputPortName are both '{options.InputPortName}'; they must differ.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
