namespace Improv.Host.Midi.Ports;

/// <summary>One MIDI port as a patchbay sees it.</summary>
/// <param name="Source">True for a port that sends MIDI (a keyboard's capture port; JACK's "output" flag, ALSA's readable port).</param>
/// <param name="Physical">A port of hardware by the MIDI system's own word: JACK's physical flag, an ALSA kernel client.</param>
/// <param name="Device">The device it belongs to when the MIDI system says so (ALSA: "NAME [CLIENT]"), which pairs its ports.</param>
public sealed record PatchPort(string Name, bool Source, bool Physical, string? Device = null);

/// <summary>
/// The port supervisor's view of a whole MIDI system, beyond what RtMidi offers (it neither says "hardware" nor
/// connects more than one peer to a port): list every port, connect any two.
/// </summary>
internal interface IPatchbay : IDisposable
{
    IReadOnlyList<PatchPort> MidiPorts();

    /// <summary>Connects a source port to a destination port unless they are: says which, or that it could not.</summary>
    Connection Connect(string source, string destination);

    /// <summary>Breaks the connection from a source port to a destination port, if there is one.</summary>
    void Disconnect(string source, string destination);
}

/// <summary>What asking a patchbay to connect two ports found.</summary>
public enum Connection
{
    Refused,
    Made,
    Existing,
}
