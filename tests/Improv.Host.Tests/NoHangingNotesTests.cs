using Improv.Host.Improvisation;
namespace Improv.Host.Tests;

/// <summary>Whatever Improv started, it ends: on SIGTERM and on the panic controller.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class NoHangingNotesTests
{
    private const string Keys = "60,62,64,65,67,69,71,72";

    [Theory]
    [InlineData("RtMidiJack")]
    [InlineData("Jack")]
    public void SigtermWhileNotesSound_SendsANoteOffForEveryNoteOn(string backend)
    {
        using var daemon = DaemonProcess.Start("--backend", backend, "--mode", "Thru");
        using var monitor = MidiPeer.Start("hold", "Improv In:Improv In", "Improv Out:Improv Out", Keys);
        Assert.Equal("READY", monitor.ReadLine(TimeSpan.FromSeconds(30)));

        var exitCode = daemon.Terminate(TimeSpan.FromSeconds(20));
        monitor.WriteLine("done");
        var received = monitor.ReadToEnd(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        AssertEveryNoteEnded(received);
        Assert.Contains("ended 8 sounding notes", daemon.Output);
    }

    [Theory]
    [InlineData("RtMidiJack")]
    [InlineData("Jack")]
    public void PanicController_EndsEveryNote_AndTheDaemonPlaysOn(string backend)
    {
        using var daemon = DaemonProcess.Start("--backend", backend, "--mode", "Thru");
        using var monitor = MidiPeer.Start("hold", "Improv In:Improv In", "Improv Out:Improv Out", Keys);
        Assert.Equal("READY", monitor.ReadLine(TimeSpan.FromSeconds(30)));

        monitor.WriteLine("panic");
        var received = monitor.ReadToEnd(TimeSpan.FromSeconds(30));

        AssertEveryNoteEnded(received);
        // The panic CC itself is Improv's to act on, not to pass through.
        Assert.DoesNotContain("b07b00", received.TakeWhile(m => !m.StartsWith("80", StringComparison.Ordinal)));
    }

    private static void AssertEveryNoteEnded(IReadOnlyList<string> received)
    {
        var noteOns = received.Select((message, index) => (message, index)).Where(m => m.message.StartsWith("90", StringComparison.Ordinal)).ToList();
        Assert.Equal(Keys.Split(',').Length, noteOns.Count);
        foreach (var (message, index) in noteOns)
        {
            var key = message.Substring(2, 2);
            Assert.True(received.Skip(index + 1).Any(later => later.StartsWith("80" + key, StringComparison.Ordinal)),
                $"no note-off for key 0x{key} after its note-on; received: {string.Join(' ', received)}");
        }
        Assert.Contains("b07b00", received); // All Notes Off on channel 0, the one channel used
    }
}
