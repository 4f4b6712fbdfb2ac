using Microsoft.Extensions.Options;

namespace Improv.Host.Synth;

/// <summary>Settings under Improv:Synth: the FluidSynth that sounds Improv's notes when there is no DAW or digital piano.</summary>
public sealed class SynthOptions
{
    public const string Section = "Improv:Synth";

    /// <summary>Start FluidSynth with Improv (`improv run --synth`).</summary>
    public bool Enabled { get; set; }

    /// <summary>The General MIDI soundfont (Debian's fluid-soundfont-gm installs this one).</summary>
    public string SoundFont { get; set; } = "/usr/share/sounds/sf2/default-GM.sf2";

    /// <summary>The General MIDI program (0-127) Improv's notes sound with, on Improv's channel (Improv:Improvisation:Channel).</summary>
    public int Program { get; set; }

    /// <summary>Also sound the player's keyboards through the synth (they are connected to it as to Improv In).</summary>
    public bool Player { get; set; }

    /// <summary>The channel (1-16) the player's keyboard sends on, which the synth plays with <see cref="PlayerProgram"/>.</summary>
    public int PlayerChannel { get; set; } = 1;

    /// <summary>The General MIDI program (0-127) the player's notes sound with.</summary>
    public int PlayerProgram { get; set; } = 4;

    /// <summary>Where the synth's audio goes: Auto follows the MIDI system (JACK's system playback; on ALSA PulseAudio or PipeWire when running, else ALSA).</summary>
    public SynthAudio Audio { get; set; }

    /// <summary>FluidSynth's output gain, 0 to 10 (its own default, 0.2, is quiet beside other instruments).</summary>
    public double Gain { get; set; } = 0.6;
}

/// <summary>Checks <see cref="SynthOptions"/> at start, naming the setting and what it allows.</summary>
public sealed class SynthOptionsValidator : IValidateOptions<SynthOptions>
{
    public ValidateOptionsResult Validate(string? name, SynthOptions options)
    {
        var failures = new List<string>();
        void Range(string setting, double value, double lowest, double highest)
        {
            if (value < lowest || value > highest || double.IsNaN(value))
            {
                failures.Add($"{SynthOptions.Section}:{setting} is {value}; allowed: {lowest} to {highest}.");
            }
        }
        Range(nameof(options.Program), options.Program, 0, 127);
        Range(nameof(options.PlayerProgram), options.PlayerProgram, 0, 127);
        Range(nameof(options.PlayerChannel), options.PlayerChannel, 1, 16);
        Range(nameof(options.Gain), options.Gain, 0, 10);
        if (options.Enabled && string.IsNullOrWhiteSpace(options.SoundFont))
        {
            failures.Add($"{SynthOptions.Section}:SoundFont is empty; give a General MIDI .sf2 file (Debian: fluid-soundfont-gm).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
