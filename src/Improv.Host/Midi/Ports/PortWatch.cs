using Improv.Host.Midi.Ports;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Logging;

namespace Improv.Host.Midi.Ports;

/// <summary>Once a second per port: notice a vanished peer, reconnect it, say so once, keep the metrics true.</summary>
internal static class PortWatch
{
    public static PortChange Check(MidiPort port, bool input, ImprovMetrics metrics, ILogger log)
    {
        var change = port.Supervise();
        metrics.SetConnected(input, port.Connected);
        switch (change)
        {
            case PortChange.Connected:
                log.LogInformation("MIDI {Direction} '{Port}' connected to '{Peer}'", input ? "input" : "output", port.PortName, port.ConnectedTo);
                break;
            case PortChange.Vanished:
                log.LogWarning("MIDI {Direction} peer '{Peer}' vanished; looking for it again every second", input ? "input" : "output", port.ConnectedTo);
                break;
            case PortChange.Reconnected:
                metrics.CountReconnect(input);
                log.LogInformation("MIDI {Direction} peer '{Peer}' is back: reconnected", input ? "input" : "output", port.ConnectedTo);
                break;
        }
        return change;
    }

    /// <summary>The first check, right after opening: says what is missing when a named peer is not there yet.</summary>
    public static void Opened(MidiPort port, bool input, ImprovMetrics metrics, ILogger log)
    {
        if (Check(port, input, metrics, log) == PortChange.None && !port.Connected)
        {
            log.LogWarning("MIDI {Direction}: no port matches '{Peer}' yet; looking for it every second. Available: {Available}",
                input ? "input" : "output", port.Peer, string.Join(", ", port.AvailablePeers()));
        }
    }
}
