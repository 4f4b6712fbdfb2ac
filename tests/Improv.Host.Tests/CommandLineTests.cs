namespace Improv.Host.Tests;

/// <summary>`improv monitor` and `improv ports` against a real JACK server.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class CommandLineTests
{
    [Fact]
    public void Monitor_PrintsWhatArrives_AndPortsListsItsPort()
    {
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, ["923c64", "fe", "823c00", "b2400f", "f8"]);
        using var monitor = DaemonProcess.StartCommand("monitor", "seconds  event");

        var (_, ports) = DaemonProcess.RunToEnd("ports");
        using (var sender = MidiPeer.Start("send", "Improv In:Improv In", file))
        {
            Assert.Equal("SENT", sender.ReadLine(TimeSpan.FromSeconds(30)));
        }
        monitor.WaitFor("Clock", TimeSpan.FromSeconds(30));

        Assert.Contains("JACK:", ports);
        Assert.Contains("Improv In:Improv In", ports);
        var lines = monitor.Output.Split('\n');
        Assert.Contains(lines, line => line.Contains("Note on") && line.Contains(" 2, note 60, velocity 100"));
        Assert.Contains(lines, line => line.Contains("Note off") && line.Contains(" 2, note 60, velocity 0"));
        Assert.Contains(lines, line => line.Contains("Control change") && line.Contains(" 2, controller 64, value 15"));
        Assert.Contains(lines, line => line.Contains("(ignored or dropped: FE)"));
        File.Delete(file);
    }
}
