using Improv.Host.Midi.Ports;

namespace Improv.Host.Cli.Doctor;

/// <summary>Something makes Improv's notes heard: the output the settings name, or FluidSynth with a General MIDI soundfont.</summary>
public sealed class SoundCheck(string soundfont = SoundCheck.DebianSoundfont) : IStageCheck
{
    /// <summary>Where Debian's fluid-soundfont-gm puts its General MIDI soundfont.</summary>
    public const string DebianSoundfont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    private const string Name = "Synth";

    public IEnumerable<Finding> Run(StageSetup setup)
    {
        var fluidsynth = ProgramsOnPath.Find("fluidsynth");
        var missing = new List<string>();
        if (fluidsynth is null)
        {
            missing.Add("FluidSynth (fluidsynth on PATH)");
        }
        if (!File.Exists(soundfont))
        {
            missing.Add($"the General MIDI soundfont {soundfont}");
        }
        if (missing.Count == 0)
        {
            return [Finding.Ok(Name, $"FluidSynth ({fluidsynth}) and the General MIDI soundfont {soundfont} are installed: a synth without a DAW")];
        }
        var absent = string.Join(" and ", missing) + (missing.Count == 1 ? " is" : " are") + " not installed";
        if (!string.IsNullOrEmpty(setup.Midi.Output))
        {
            return [Finding.Ok(Name, $"Improv plays into '{setup.Midi.Output}' ({MidiOptions.Section}:Output); {absent}, which that does not need")];
        }
        return [Finding.Warning(Name,
            $"{absent}: nothing sounds until '{setup.Midi.OutputPortName}' is connected to a synth (a controller keyboard makes no sound of its own)",
            "Debian/Ubuntu `sudo apt-get install --no-install-recommends fluidsynth fluid-soundfont-gm` (macOS `brew install fluid-synth`), " +
            "or connect Improv's output to a synth or DAW (--output NAME)")];
    }
}
