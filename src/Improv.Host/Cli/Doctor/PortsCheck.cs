using Improv.Host.Midi.Ports;

namespace Improv.Host.Cli.Doctor;

/// <summary>The input and output ports the settings name are there now (or Improv's own virtual ports will be).</summary>
public sealed class PortsCheck : IStageCheck
{
    public IEnumerable<Finding> Run(StageSetup setup)
    {
        PortCatalog? catalog = null;
        try
        {
            if (MidiSystemCheck.Present(setup.Midi) is { } api)
            {
                catalog = PortCatalog.List(api);
            }
        }
        catch (DllNotFoundException)
        {
            // The MIDI system check has said what to install.
        }
        if (catalog is not { Available: true })
        {
            return [Finding.Warning("Ports", "not checked: no MIDI system to list them", "see MIDI system above")];
        }
        var midi = setup.Midi;
        return
        [
            Port("Input", midi.Input, catalog.Sources, midi, midi.InputPortName, "connect your keyboard (or a DAW's output) to it", "--input"),
            Port("Output", midi.Output, catalog.Destinations, midi, midi.OutputPortName, "connect it to a synth (or a DAW's input)", "--output"),
        ];
    }

    private static Finding Port(string check, string? wanted, IReadOnlyList<string> names, MidiOptions midi, string ownPort, string connect, string option)
    {
        if (Keyboards.IsAuto(wanted))
        {
            return Finding.Ok(check, check == "Input"
                ? $"Auto: keyboards connect themselves to '{ownPort}' as they appear (see Keyboards); a DAW can connect to it too"
                : $"Auto: Improv answers on the keyboard's own device when it has a MIDI input, else on the synth, else only on '{ownPort}'");
        }
        if (string.IsNullOrEmpty(wanted))
        {
            return Finding.Ok(check, $"Improv opens its own port '{ownPort}': {connect}, or name a port with {option} NAME (`improv ports` lists them)");
        }
        if (PortNames.Find(names, wanted, midi.OwnClients) is { } found)
        {
            return Finding.Ok(check, $"'{wanted}' is '{found}'");
        }
        var known = names.Where(name => !midi.OwnClients.Any(own => name.StartsWith(own, StringComparison.Ordinal))).ToList();
        return Finding.Warning(check,
            $"no port matches '{wanted}' ({MidiOptions.Section}:{check}) now; Improv waits for it and connects when it appears",
            "plug it in and switch it on, or name one of: " + (known.Count == 0 ? "(none here now)" : string.Join(", ", known.Select(name => $"'{name}'"))));
    }
}
