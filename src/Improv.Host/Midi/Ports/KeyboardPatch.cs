using Improv.Host.Native;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Logging;

namespace Improv.Host.Midi.Ports;

/// <summary>
/// Auto on JACK and ALSA, at each of the supervisor's looks: connects every hardware source (<see cref="Keyboards"/>) to
/// Improv's input as it appears, again after it is unplugged and plugged back in; and connects Improv's output to the
/// same device's playback port when it has one (a digital piano sounds), else to the synth, else leaves it virtual.
/// Every keyboard plays into the one input, merged; the answer stays on its device while that is plugged in. Says each
/// connection and why.
/// </summary>
/// <remarks>
/// Opened before Improv's own ports exist: the ports of its names already there then belong to another Improv on the
/// same server (JACK names the second "Improv In-01:Improv In"), and are never taken for its own.
/// </remarks>
internal sealed class KeyboardPatch(IPatchbay patchbay, MidiOptions settings, ImprovMetrics metrics, ILogger log) : IDisposable
{
    private readonly HashSet<string> _anotherImprovs = [.. patchbay.MidiPorts().Where(port => PortNames.IsOwn(port.Name, settings.OwnClients)).Select(port => port.Name)];
    private readonly Dictionary<(string, bool), string> _own = [];
    private readonly bool _input = Keyboards.IsAuto(settings.Input);
    private readonly bool _output = Keyboards.IsAuto(settings.Output);
    private readonly HashSet<string> _everConnected = new(StringComparer.Ordinal);
    private HashSet<string> _present = new(StringComparer.Ordinal);
    private string? _answeringOn;
    private bool _saidVirtual;
    private bool _saidAnother;

    /// <summary>Opens the patch on the MIDI system; null (and one message) when it cannot be patched from here.</summary>
    public static KeyboardPatch? Open(RtMidiApi api, MidiOptions settings, ImprovMetrics metrics, ILogger log)
    {
        var patchbay = Keyboards.Patchbay(api, "Improv patchbay");
        if (patchbay is null)
        {
            log.LogWarning("Auto: {Backend} cannot be patched from here ({Needs}): keyboards are not connected by themselves; connect them to '{Input}' by hand",
                MidiBackends.DisplayName(api), api == RtMidiApi.Jack ? "libpatchbay.so.0 missing, or no server" : "no /proc/asound/seq/clients, or no aconnect (alsa-utils)",
                settings.InputPortName);
            return null;
        }
        return new KeyboardPatch(patchbay, settings, metrics, log);
    }

    /// <summary>
    /// One look: connects what is new; <paramref name="synth"/> is the synth's MIDI input port when one plays, and
    /// <paramref name="synthHearsPlayer"/> connects the keyboards to it too. True when Improv's output was connected to a
    /// new device, whose notes the scheduler must then end.
    /// </summary>
    public bool Look(string? synth, bool synthHearsPlayer)
    {
        var ports = patchbay.MidiPorts();
        var hardware = Keyboards.Among(ports, settings.OwnClients);
        var keyboards = hardware.Where(port => port.Source).ToList();
        if (_input && OwnPort(ports, settings.InputPortName, source: false) is { } improvIn)
        {
            ConnectKeyboards(keyboards, improvIn);
        }
        if (synthHearsPlayer && synth is not null && ports.Any(port => port.Name == synth))
        {
            foreach (var keyboard in keyboards)
            {
                patchbay.Connect(keyboard.Name, synth);
            }
        }
        return _output && OwnPort(ports, settings.OutputPortName, source: true) is { } improvOut && Answer(hardware, keyboards, ports, improvOut, synth);
    }

    private void ConnectKeyboards(List<HardwarePort> keyboards, string improvIn)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyboard in keyboards)
        {
            var connection = patchbay.Connect(keyboard.Name, improvIn);
            if (connection == Connection.Refused)
            {
                continue;
            }
            if (connection == Connection.Made)
            {
                if (_everConnected.Add(keyboard.Name))
                {
                    log.LogInformation("Keyboard '{Keyboard}' connected to '{Input}': {Why}", keyboard.Name, improvIn, keyboard.Why);
                }
                else
                {
                    metrics.CountReconnect(input: true);
                    log.LogInformation("Keyboard '{Keyboard}' is back: reconnected to '{Input}'", keyboard.Name, improvIn);
                }
            }
            present.Add(keyboard.Name);
        }
        foreach (var gone in _present.Except(present))
        {
            log.LogWarning("Keyboard '{Keyboard}' is gone; it connects again when it returns", gone);
        }
        _present = present;
        metrics.SetConnected(input: true, present.Count > 0);
    }

    private bool Answer(List<HardwarePort> hardware, List<HardwarePort> keyboards, IReadOnlyList<PatchPort> ports, string improvOut, string? synth)
    {
        // The device answered on keeps the answer while it is there: a second keyboard plugged in mid-song does not take it.
        var devices = keyboards.Select(keyboard => hardware.FirstOrDefault(port => !port.Source && port.Device == keyboard.Device)).OfType<HardwarePort>().ToList();
        var device = devices.FirstOrDefault(port => port.Name == _answeringOn) ?? devices.FirstOrDefault();
        var (target, why) = device is not null ? (device.Name, $"the keyboard's own device ({device.Why}), so a digital piano sounds")
            : synth is not null && ports.Any(port => port.Name == synth) ? (synth, "the synth: no keyboard with a MIDI input")
            : ((string?)null, "");
        if (target is null)
        {
            if (!_saidVirtual)
            {
                log.LogInformation("Answering on '{Output}' only: no keyboard with a MIDI input and no synth; connect it to a synth, or start Improv with --synth", improvOut);
                _saidVirtual = true;
            }
            metrics.SetConnected(input: false, false);
            _answeringOn = null;
            return false;
        }
        _saidVirtual = false;
        if (_answeringOn is not null && _answeringOn != target)
        {
            patchbay.Disconnect(improvOut, _answeringOn);
        }
        var connection = patchbay.Connect(improvOut, target);
        if (connection == Connection.Refused || (connection == Connection.Existing && target == _answeringOn))
        {
            return false;
        }
        log.LogInformation("Answering on '{Target}': {Why}", target, why);
        _answeringOn = target;
        metrics.SetConnected(input: false, true);
        return true;
    }

    /// <summary>
    /// Improv's own port as the MIDI system spells it ("Improv In:Improv In"), found by listing, since JACK may have
    /// renamed the client: the first one of its name that was not there before Improv opened its ports, kept while it
    /// is listed.
    /// </summary>
    private string? OwnPort(IReadOnlyList<PatchPort> ports, string portName, bool source)
    {
        if (_own.TryGetValue((portName, source), out var known) && ports.Any(port => port.Name == known))
        {
            return known;
        }
        var found = ports.FirstOrDefault(port => port.Source == source && !_anotherImprovs.Contains(port.Name)
            && PortNames.IsOwn(port.Name, [portName]) && port.Name.EndsWith(":" + portName, StringComparison.Ordinal))?.Name;
        if (found is not null)
        {
            _own[(portName, source)] = found;
            if (_anotherImprovs.Count > 0 && !_saidAnother)
            {
                _saidAnother = true;
                log.LogInformation("Another Improv plays on this MIDI system ({Others}); this one's ports are '{Own}'", string.Join(", ", _anotherImprovs), found);
            }
        }
        return found;
    }

    public void Dispose() => patchbay.Dispose();
}
