namespace Improv.Host.Midi.Ports;

/// <summary>Finds the port a setting names: the exact name first, else the first case-insensitive substring match.</summary>
public static class PortNames
{
    /// <summary>Ports of Improv's own clients never match, so a loose substring cannot loop output into input.</summary>
    public static string? Find(IReadOnlyList<string> names, string wanted, IReadOnlyCollection<string> ownClients)
    {
        var candidates = names.Where(name => !IsOwn(name, ownClients)).ToList();
        return candidates.FirstOrDefault(name => name == wanted)
            ?? candidates.FirstOrDefault(name => name.Contains(wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True for a port of one of Improv's own clients.</summary>
    public static bool IsOwn(string portName, IReadOnlyCollection<string> ownClients) => ownClients.Any(client => IsOwnedBy(portName, client));

    // JACK and ALSA show ports as "client:port"; JACK renames a second client with the same name "client-01".
    private static bool IsOwnedBy(string portName, string client) =>
        portName.StartsWith(client + ":", StringComparison.Ordinal) || portName.StartsWith(client + "-", StringComparison.Ordinal);
}
