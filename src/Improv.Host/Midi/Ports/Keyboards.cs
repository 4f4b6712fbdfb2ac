using Improv.Host.Native;
using System.Text.RegularExpressions;

namespace Improv.Host.Midi.Ports;

/// <summary>A hardware MIDI port Auto connects: the device it belongs to, and why it counts as hardware.</summary>
/// <param name="Device">What pairs a device's ports: its capture and playback ports share it.</param>
public sealed record HardwarePort(string Name, bool Source, string Device, string Why);

/// <summary>
/// Tells hardware MIDI ports (a keyboard, a digital piano, a USB MIDI interface) from software ones: on JACK by names
/// and flags (JACK's physical ports, and the ALSA bridges' ports of kernel clients: a2jmidid's
/// "a2j:NAME [ID] (capture): PORT" and PipeWire's "Midi-Bridge:NAME:(capture_N) PORT"), on ALSA by kernel client
/// (<see cref="AlsaPatchbay"/>); on CoreMIDI and WinMM, which RtMidi shows by endpoint name only, by
/// <see cref="DeviceEndpoint"/>. Midi Through and Improv's own ports never count.
/// </summary>
public static partial class Keyboards
{
    /// <summary>The setting value that turns on connecting to keyboards as they appear.</summary>
    public const string Auto = "Auto";

    /// <summary>ALSA numbers kernel clients (the system, Midi Through, each card's devices) below 128, programs from 128.</summary>
    internal const int FirstUserClient = 128;

    internal const int MidiThroughClient = 14;

    /// <summary>True when a port setting asks for Auto.</summary>
    public static bool IsAuto(string? setting) => string.Equals(setting?.Trim(), Auto, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True where Auto patches keyboards to Improv's own virtual ports (JACK, ALSA). Elsewhere (CoreMIDI, WinMM) there is
    /// no patchbay to reach (WinMM has no virtual ports at all), so Improv's port itself follows a device endpoint.
    /// </summary>
    public static bool Patches(RtMidiApi api) => api is RtMidiApi.Jack or RtMidiApi.Alsa;

    /// <summary>
    /// On CoreMIDI and WinMM: the first endpoint among <paramref name="names"/> (RtMidi's names, in its order) that is a
    /// device's, or null. RtMidi does not say which endpoints belong to devices there, so the software endpoints every
    /// such system has (the OS buses, network sessions, loopback drivers, Midi Through) and Improv's own are passed over;
    /// an <paramref name="input"/> of false also takes the OS's own synth (WinMM's GS Wavetable Synth) after every device,
    /// so a Windows laptop sounds without a DAW.
    /// </summary>
    public static string? DeviceEndpoint(IReadOnlyList<string> names, IReadOnlyCollection<string> ownClients, bool input)
    {
        // A port of Improv's own (a second Improv's virtual port) is named plainly there, without JACK's "client:".
        var candidates = names.Where(name => !ownClients.Any(own => name.StartsWith(own, StringComparison.Ordinal))).ToList();
        return candidates.FirstOrDefault(name => !SoftwareEndpoint().IsMatch(name) && !OperatingSystemSynth().IsMatch(name))
            ?? (input ? null : candidates.FirstOrDefault(name => OperatingSystemSynth().IsMatch(name)));
    }

    /// <summary>The MIDI system's patchbay (JACK or ALSA), or null when it cannot be reached or patched from here.</summary>
    internal static IPatchbay? Patchbay(RtMidiApi api, string clientName)
    {
        try
        {
            return api == RtMidiApi.Jack ? JackPatchbay.Open(clientName) : AlsaPatchbay.Open();
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The hardware ports among <paramref name="ports"/>, in the MIDI system's order.</summary>
    public static List<HardwarePort> Among(IEnumerable<PatchPort> ports, IReadOnlyCollection<string> ownClients) =>
        ports.Select(port => Recognize(port, ownClients)).OfType<HardwarePort>().ToList();

    /// <summary>The port as hardware, or null when it is software, Midi Through or Improv's own.</summary>
    public static HardwarePort? Recognize(PatchPort port, IReadOnlyCollection<string> ownClients)
    {
        if (PortNames.IsOwn(port.Name, ownClients))
        {
            return null;
        }
        if (A2jPort().Match(port.Name) is { Success: true } a2j)
        {
            var client = int.Parse(a2j.Groups["id"].ValueSpan);
            var device = a2j.Groups["device"].Value;
            return client is > 0 and < FirstUserClient and not MidiThroughClient && !IsMidiThrough(device)
                ? new HardwarePort(port.Name, port.Source, $"a2j:{device} [{client}]", $"a2jmidid bridge of ALSA kernel client {client} ({device})")
                : null;
        }
        if (PipeWireBridgePort().Match(port.Name) is { Success: true } bridge)
        {
            var device = bridge.Groups["device"].Value;
            return IsMidiThrough(device) ? null : new HardwarePort(port.Name, port.Source, $"Midi-Bridge:{device}", $"PipeWire MIDI bridge of ALSA device {device}");
        }
        if (!port.Physical)
        {
            return null;
        }
        return port.Device is null
            ? new HardwarePort(port.Name, port.Source, port.Name, "a physical port of the JACK server's MIDI driver")
            : new HardwarePort(port.Name, port.Source, port.Device, $"ALSA kernel client {port.Device}");
    }

    private static bool IsMidiThrough(string device) => device.StartsWith("Midi Through", StringComparison.OrdinalIgnoreCase);

    // CoreMIDI: the IAC Driver's buses, Network sessions; WinMM: the MIDI Mapper, loopMIDI, LoopBe, virtualMIDI and
    // rtpMIDI's ports. RtMidi on WinMM appends the device number ("loopMIDI Port 1"), so these are prefixes or words.
    [GeneratedRegex(@"^(IAC Driver|Network|Session \d|Microsoft MIDI Mapper|loopMIDI|LoopBe|virtualMIDI|rtpMIDI|Midi Through)|\bvirtual\b", RegexOptions.IgnoreCase)]
    private static partial Regex SoftwareEndpoint();

    [GeneratedRegex(@"^Microsoft GS Wavetable", RegexOptions.IgnoreCase)]
    private static partial Regex OperatingSystemSynth();

    // a2jmidid: "a2j:Arturia KeyStep 32 [24] (capture): Arturia KeyStep 32 MIDI 1"; a second a2j client is "a2j-01".
    [GeneratedRegex(@"^a2j(-\d+)?:(?<device>.+) \[(?<id>\d+)\] \((capture|playback)\): ")]
    private static partial Regex A2jPort();

    // PipeWire's JACK interface: "Midi-Bridge:Arturia KeyStep 32 1:(capture_0) Arturia KeyStep 32 MIDI 1".
    [GeneratedRegex(@"^Midi-Bridge:(?<device>.+):\((capture|playback)_\d+\) ")]
    private static partial Regex PipeWireBridgePort();
}
