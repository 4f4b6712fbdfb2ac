using System.Diagnostics;
using System.Text.RegularExpressions;
using Improv.Host.Native;

namespace Improv.Host.Midi.Ports;

/// <summary>
/// ALSA's sequencer as the port supervisor's patchbay: ports, kernel clients and connections read from
/// /proc/asound/seq/clients, connections made with alsa-utils' aconnect. A process per connection, not a libasound
/// binding, because connections are made only when a keyboard appears, and aconnect is the tool ALSA users know.
/// </summary>
/// <remarks>Built from the kernel's documented listing; not tested against a live sequencer here (no /dev/snd).</remarks>
internal sealed partial class AlsaPatchbay(string clientsFile) : IPatchbay
{
    private const string DefaultClientsFile = "/proc/asound/seq/clients";

    private AlsaListing _listing = AlsaListing.Empty;

    /// <summary>The patchbay when the sequencer's listing and aconnect are both there; null otherwise.</summary>
    public static AlsaPatchbay? Open()
    {
        return File.Exists(DefaultClientsFile) && Programs.OnPath("aconnect") ? new AlsaPatchbay(DefaultClientsFile) : null;
    }

    public IReadOnlyList<PatchPort> MidiPorts()
    {
        _listing = Parse(File.ReadAllText(clientsFile));
        return _listing.Ports;
    }

    /// <summary>Reads the connection from the listing of this look, and runs aconnect only when it is missing.</summary>
    public Connection Connect(string source, string destination) =>
        AreConnected(source, destination) ? Connection.Existing
        : Aconnect(source, destination, disconnect: false) ? Connection.Made
        : Connection.Refused;

    public void Disconnect(string source, string destination) => Aconnect(source, destination, disconnect: true);

    private bool AreConnected(string source, string destination) =>
        _listing.Addresses.TryGetValue(source, out var from) && _listing.Addresses.TryGetValue(destination, out var to)
        && _listing.ConnectedTo.TryGetValue(from, out var targets) && targets.Contains(to);

    private bool Aconnect(string source, string destination, bool disconnect)
    {
        if (!_listing.Addresses.TryGetValue(source, out var from) || !_listing.Addresses.TryGetValue(destination, out var to))
        {
            return false;
        }
        var info = new ProcessStartInfo("aconnect") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (disconnect)
        {
            info.ArgumentList.Add("-d");
        }
        info.ArgumentList.Add(from);
        info.ArgumentList.Add(to);
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            process.Kill();
            return false;
        }
        return process.ExitCode == 0;
    }

    /// <summary>
    /// Reads the kernel's listing: "Client  20 : "NAME" [Kernel ...]", then its ports, "  Port   0 : "NAME" (RWe-)" (R:
    /// others can read from it, a source; W: write to it, a destination), each followed by "Connecting To: 128:0, ...".
    /// A port's name is "CLIENT:PORT", as RtMidi's ALSA back end shows it without the address.
    /// </summary>
    public static AlsaListing Parse(string listing)
    {
        var ports = new List<PatchPort>();
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        var connectedTo = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        (int Id, string Name, bool Kernel)? client = null;
        string? address = null;
        foreach (var line in listing.Split('\n'))
        {
            if (ClientLine().Match(line) is { Success: true } c)
            {
                client = (int.Parse(c.Groups["id"].ValueSpan), c.Groups["name"].Value, c.Groups["type"].Value.StartsWith("Kernel", StringComparison.Ordinal));
                address = null;
            }
            else if (client is { } owner && PortLine().Match(line) is { Success: true } p)
            {
                var name = $"{owner.Name}:{p.Groups["name"].Value}";
                address = $"{owner.Id}:{p.Groups["id"].Value}";
                var caps = p.Groups["caps"].Value;
                var hardware = owner.Kernel && owner.Id is not 0 and not Keyboards.MidiThroughClient and < Keyboards.FirstUserClient;
                var device = $"{owner.Name} [{owner.Id}]";
                addresses[name] = address;
                if (caps.Length > 0 && caps[0] == 'R')
                {
                    ports.Add(new PatchPort(name, Source: true, hardware, device));
                }
                if (caps.Length > 1 && caps[1] == 'W')
                {
                    ports.Add(new PatchPort(name, Source: false, hardware, device));
                }
            }
            else if (address is not null && line.TrimStart().StartsWith("Connecting To:", StringComparison.Ordinal))
            {
                connectedTo[address] = [.. Address().Matches(line).Select(match => match.Value)];
            }
        }
        return new AlsaListing(ports, addresses, connectedTo);
    }

    public void Dispose()
    {
    }

    [GeneratedRegex(@"^Client\s+(?<id>\d+)\s*:\s*""(?<name>.*)""\s*\[(?<type>[^\]]*)\]")]
    private static partial Regex ClientLine();

    [GeneratedRegex(@"^\s+Port\s+(?<id>\d+)\s*:\s*""(?<name>.*)""\s*\((?<caps>[^)]*)\)")]
    private static partial Regex PortLine();

    [GeneratedRegex(@"\d+:\d+")]
    private static partial Regex Address();
}

/// <summary>What /proc/asound/seq/clients says: the ports, their "client:port" addresses, and who each port sends to.</summary>
internal sealed record AlsaListing(
    IReadOnlyList<PatchPort> Ports,
    IReadOnlyDictionary<string, string> Addresses,
    IReadOnlyDictionary<string, HashSet<string>> ConnectedTo)
{
    public static readonly AlsaListing Empty = new([], new Dictionary<string, string>(), new Dictionary<string, HashSet<string>>());
}
