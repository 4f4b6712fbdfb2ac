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
        if (!Keyboards.Patches(api))
        {
            var sources = PortCatalog.List(api).Sources;
            return Keyboards.DeviceEndpoint(sources, setup.Midi.OwnClients, input: true) is { } device
                ? [Finding.Ok("Keyboards", $"Auto would connect '{device}': the first device endpoint {MidiBackends.DisplayName(api)} lists")]
                : [Finding.Warning("Keyboards", sources.Count == 0 ? "none plugged in now; Auto connects the first one that appears"
                        : $"none plugged in now (what is there is software: {string.Join(", ", sources.Select(name => $"'{name}'"))}); Auto connects the first one that appears",
                    "plug the keyboard in and switch it on (`improv ports` lists what is there)")];
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
