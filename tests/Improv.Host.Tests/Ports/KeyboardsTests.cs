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

    // RtMidi's names on macOS (CoreMIDI endpoint names) and on Windows (WinMM device names with RtMidi's number).
    [Theory]
    [InlineData(true, "Arturia KeyStep 32", "IAC Driver Bus 1", "Network Session 1", "Arturia KeyStep 32")]
    [InlineData(true, "USB MIDI Interface 1", "loopMIDI Port 0", "Improv Out", "USB MIDI Interface 1")]
    [InlineData(true, "Digital Piano 2", "Microsoft MIDI Mapper 0", "LoopBe Internal MIDI 1", "Digital Piano 2")]
    [InlineData(true, null, "IAC Driver Bus 1", "rtpMIDI session 0", "Ableton Virtual Out")]
    [InlineData(true, null, "Microsoft GS Wavetable Synth 0", "Improv Out 1", "Midi Through Port-0")]
    [InlineData(false, "Digital Piano 1", "Microsoft GS Wavetable Synth 0", "loopMIDI Port 1", "Digital Piano 1")]
    [InlineData(false, "Microsoft GS Wavetable Synth 0", "Microsoft GS Wavetable Synth 0", "loopMIDI Port 1", "Improv In 2")]
    [InlineData(false, null, "IAC Driver Bus 1", "Network Session 1", "Improv In")]
    public void OnCoreMidiAndWinMM_AutoTakesTheFirstDeviceEndpoint_AndTheSystemSynthOnlyToAnswer(bool input, string? expected, params string[] names)
    {
        Assert.Equal(expected, Keyboards.DeviceEndpoint(names, Own, input));
    }

    [Theory]
    [InlineData("Auto", true)]
    [InlineData(" auto ", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Automatic Piano:in", false)]
    public void AutoIsASettingValue_NotAPortName(string? setting, bool auto) => Assert.Equal(auto, Keyboards.IsAuto(setting));
}
