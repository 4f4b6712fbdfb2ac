using Improv.Host.Midi.Ports;

namespace Improv.Host.Cli;

/// <summary>`improv ports`: every port of every back end this RtMidi was built with.</summary>
public static class PortListing
{
    public static int Print(TextWriter output)
    {
        foreach (var api in MidiBackends.Compiled())
        {
            var catalog = PortCatalog.List(api);
            output.WriteLine($"{MidiBackends.DisplayName(api)}:");
            if (!catalog.Available)
            {
                output.WriteLine(api == Native.RtMidiApi.Jack ? "  (no JACK server running)" : "  (not available on this machine)");
                continue;
            }
            Section(output, "sources (Improv's input can read them; Improv:Midi:Input)", catalog.Sources);
            Section(output, "destinations (Improv's output can play into them; Improv:Midi:Output)", catalog.Destinations);
        }
        return 0;
    }

    private static void Section(TextWriter output, string title, IReadOnlyList<string> names)
    {
        output.WriteLine($"  {title}:");
        if (names.Count == 0)
        {
            output.WriteLine("    (none)");
        }
        foreach (var name in names)
        {
            output.WriteLine($"    {name}");
        }
    }
}
