using Improv.Host.Midi.Ports;

namespace Improv.Host.Cli.Doctor;

/// <summary>With Input=Auto: the keyboards Improv would connect now, each with why it counts as hardware.</summary>
public sealed class KeyboardsCheck : IStageCheck
{
    public IEnumerable<Finding> Run(StageSetup setup)
    {
        if (!Keyboards.IsAuto(setup.Midi.Input))
        {
            return [];
        }
        if (MidiSystemCheck.Present(setup.Midi) is not { } api)
        {
            return [Finding.Warning("Keyboards", "not looked for: no MIDI system", "see MIDI system above")];
        }
        using var patchbay = Keyboards.Patchbay(api, "improv doctor");
        if (patchbay is null)
        {
            return [Finding.Warning("Keyboards", $"{MidiBackends.DisplayName(api)} cannot be patched from here: Auto connects no keyboard",
                "connect the keyboard to 'Improv In' by hand, or name it with --input NAME")];
        }
        var keyboards = Keyboards.Among(patchbay.MidiPorts(), setup.Midi.OwnClients).Where(port => port.Source).ToList();
        return keyboards.Count == 0
            ? [Finding.Warning("Keyboards", "none plugged in now; Auto connects each one as it appears",
                "plug the keyboard in and switch it on (`improv ports` lists what is there)")]
            : keyboards.Select(keyboard => Finding.Ok("Keyboards", $"Auto would connect '{keyboard.Name}': {keyboard.Why}"));
    }
}
