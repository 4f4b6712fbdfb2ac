using Improv.Host.Midi.Ports;

namespace Improv.Host.Tests;

public class PortNamesTests
{
    private static readonly string[] Own = ["Improv In", "Improv Out"];

    [Fact]
    public void ExactNameWins_OverAnEarlierSubstringMatch()
    {
        string[] names = ["synth:midi_in 2", "synth:midi_in"];
        Assert.Equal("synth:midi_in", PortNames.Find(names, "synth:midi_in", Own));
    }

    [Fact]
    public void SubstringMatch_IgnoresCase()
    {
        string[] names = ["system:capture_1", "Yamaha P-125:Yamaha P-125 MIDI 1"];
        Assert.Equal("Yamaha P-125:Yamaha P-125 MIDI 1", PortNames.Find(names, "yamaha", Own));
        Assert.Null(PortNames.Find(names, "roland", Own));
    }

    [Fact]
    public void ImprovsOwnPorts_NeverMatch_SoOutputCannotLoopIntoInput()
    {
        string[] names = ["Improv Out:Improv Out", "Improv Out-01:Improv Out", "DAW:Improv Out return"];
        Assert.Equal("DAW:Improv Out return", PortNames.Find(names, "improv out", Own));
    }
}
