using Improv.Host.Midi.Ports;

namespace Improv.Host.Tests.Ports;

/// <summary>What Auto counts as a keyboard on JACK, by the names and flags real bridges and drivers give.</summary>
public sealed class KeyboardsTests
{
    private static readonly string[] Own = ["Improv In", "Improv Out"];

    [Theory]
    [InlineData("a2j:Arturia KeyStep 32 [24] (capture): Arturia KeyStep 32 MIDI 1", true, "a2j:Arturia KeyStep 32 [24]")]
    [InlineData("a2j:Digital Piano [28] (playback): Digital Piano MIDI 1", false, "a2j:Digital Piano [28]")]
    [InlineData("a2j-01:Digital Piano [28] (playback): Digital Piano MIDI 1", false, "a2j:Digital Piano [28]")]
    [InlineData("Midi-Bridge:KeyStep 32 1:(capture_0) KeyStep 32 MIDI 1", true, "Midi-Bridge:KeyStep 32 1")]
    public void BridgedKernelClients_AreHardware_PairedByDevice(string name, bool source, string device)
    {
        var port = Keyboards.Recognize(new PatchPort(name, source, Physical: false), Own);

        Assert.NotNull(port);
        Assert.Equal(device, port.Device);
        Assert.Equal(source, port.Source);
    }

    [Fact]
    public void PhysicalPorts_AreHardware()
    {
        Assert.NotNull(Keyboards.Recognize(new PatchPort("system:midi_capture_1", true, Physical: true), Own));
    }

    [Theory]
    [InlineData("a2j:Midi Through [14] (capture): Midi Through Port-0", false)]
    [InlineData("a2j:Improv Out [129] (capture): Improv Out", false)]
    [InlineData("a2j:VMPK Output [130] (capture): out", false)]
    [InlineData("Midi-Bridge:Midi Through:(capture_0) Midi Through Port-0", false)]
    [InlineData("improv-test-peer:src", false)]
    [InlineData("Improv Out:Improv Out", true)]
    [InlineData("Improv In-01:Improv In", true)]
    public void MidiThroughSoftwareAndImprovsOwnPorts_AreNot(string name, bool physical)
    {
        Assert.Null(Keyboards.Recognize(new PatchPort(name, Source: true, physical), Own));
    }

    [Theory]
    [InlineData("Auto", true)]
    [InlineData(" auto ", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Automatic Piano:in", false)]
    public void AutoIsASettingValue_NotAPortName(string? setting, bool auto) => Assert.Equal(auto, Keyboards.IsAuto(setting));
}
