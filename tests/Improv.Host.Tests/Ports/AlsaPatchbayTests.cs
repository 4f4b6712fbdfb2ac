using Improv.Host.Midi.Ports;

namespace Improv.Host.Tests.Ports;

/// <summary>Auto on ALSA reads the kernel's sequencer listing (this machine has none live: the text is the kernel's format).</summary>
public sealed class AlsaPatchbayTests
{
    private const string Listing = """
        Client info
          cur  clients : 5
          peak clients : 5
          max  clients : 192

        Client   0 : "System" [Kernel]
          Port   0 : "Timer" (Rwe-)
          Port   1 : "Announce" (R-e-)
            Connecting To: 128:0
        Client  14 : "Midi Through" [Kernel]
          Port   0 : "Midi Through Port-0" (RWe-)
        Client  20 : "Digital Piano" [Kernel Legacy]
          Port   0 : "Digital Piano MIDI 1" (RWeX)
            Connecting To: 128:0
        Client 128 : "Improv In" [User Legacy]
          Port   0 : "Improv In" (-We-)
            Connected From: 20:0, 0:1
        Client 129 : "Improv Out" [User Legacy]
          Port   0 : "Improv Out" (R-e-)
        """;

    [Fact]
    public void KernelClientsAreKeyboards_MidiThroughSystemAndProgramsAreNot()
    {
        var listing = AlsaPatchbay.Parse(Listing);
        var hardware = listing.Ports.Select(port => Keyboards.Recognize(port, ["Improv In", "Improv Out"])).OfType<HardwarePort>().ToList();

        Assert.Equal([("Digital Piano:Digital Piano MIDI 1", true), ("Digital Piano:Digital Piano MIDI 1", false)],
            hardware.Select(port => (port.Name, port.Source)));
        Assert.All(hardware, port => Assert.Equal("Digital Piano [20]", port.Device));
        Assert.Equal("ALSA kernel client Digital Piano [20]", hardware[0].Why);
    }

    [Fact]
    public void AddressesAndConnections_AreRead()
    {
        var listing = AlsaPatchbay.Parse(Listing);

        Assert.Equal("20:0", listing.Addresses["Digital Piano:Digital Piano MIDI 1"]);
        Assert.Equal("128:0", listing.Addresses["Improv In:Improv In"]);
        Assert.Equal(["128:0"], listing.ConnectedTo["20:0"]);
        Assert.False(listing.ConnectedTo.ContainsKey("129:0"));
        Assert.Contains(listing.Ports, port => port.Name == "Improv Out:Improv Out" && port.Source && !port.Physical);
    }
}
