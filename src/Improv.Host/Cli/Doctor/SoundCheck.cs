using Improv.Host.Midi.Ports;
using Improv.Host.Synth;

namespace Improv.Host.Cli.Doctor;

/// <summary>
/// Something makes Improv's notes heard: the output the settings name, or FluidSynth with the General MIDI soundfont
/// Improv:Synth:SoundFont names. Asked for (`--synth`) and missing, nothing would sound: a failure.
/// </summary>
public sealed class SoundCheck : IStageCheck
{
    private const string Name = "Synth";

    private const string Install = "Debian/Ubuntu `sudo apt-get install --no-install-recommends fluidsynth fluid-soundfont-gm` (macOS `brew install fluid-synth`)";

    public IEnumerable<Finding> Run(StageSetup setup)
    {
        var soundfont = setup.Synth.SoundFont;
        var fluidsynth = ProgramsOnPath.Find("fluidsynth");
        var missing = new List<string>();
        if (fluidsynth is null)
        {
            missing.Add("FluidSynth (fluidsynth on PATH)");
        }
        if (!File.Exists(soundfont))
        {
            missing.Add($"the General MIDI soundfont {soundfont} ({SynthOptions.Section}:SoundFont)");
        }
        if (missing.Count == 0)
        {
            return [Finding.Ok(Name, setup.Synth.Enabled
                ? $"FluidSynth ({fluidsynth}) starts with Improv (--synth) and plays its notes with {soundfont}; Output=Auto answers on it when no keyboard has a MIDI input"
                : $"FluidSynth ({fluidsynth}) and the General MIDI soundfont {soundfont} are installed: `improv run --synth` sounds without a DAW")];
        }
        var absent = string.Join(" and ", missing) + (missing.Count == 1 ? " is" : " are") + " not installed";
        if (setup.Synth.Enabled)
        {
            return [Finding.Failure(Name, $"--synth ({SynthOptions.Section}:Enabled) is asked for, but {absent}: Improv would play on without sound",
                $"{Install}, or give {SynthOptions.Section}:SoundFont a General MIDI .sf2 file")];
        }
        if (!string.IsNullOrEmpty(setup.Midi.Output) && !Keyboards.IsAuto(setup.Midi.Output))
        {
            return [Finding.Ok(Name, $"Improv plays into '{setup.Midi.Output}' ({MidiOptions.Section}:Output); {absent}, which that does not need")];
        }
        return [Finding.Warning(Name,
            $"{absent}: unless the keyboard has a MIDI input of its own (a digital piano), nothing sounds until '{setup.Midi.OutputPortName}' is connected to a synth (a controller keyboard makes no sound of its own)",
            $"{Install}, then `improv run --synth`; or connect Improv's output to a synth or DAW (--output NAME)")];
    }
}
