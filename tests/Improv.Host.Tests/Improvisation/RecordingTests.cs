using Improv.Music.Midi;
using Improv.Host.Improvisation;

namespace Improv.Host.Tests.Improvisation;

/// <summary>Each session's player and Improv notes land in a MIDI file, even when the daemon is killed mid-answer.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public sealed class RecordingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("improv-recordings-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void AKill9MidAnswerLeavesAJournalThatTheNextStartTurnsIntoMidi()
    {
        var phrase = PlayerScript.TestSplitPhrase(10);
        var recording = $"--Improv:Recording:Folder={folder}";
        IReadOnlyList<Heard> log;
        using (var daemon = DaemonProcess.Start("--Improv:Improvisation:Seed=5", "--Improv:Improvisation:MinAnswerSeconds=30",
                   "--Improv:Improvisation:MaxAnswerSeconds=60", recording))
        {
            log = new PlayerScript().Play(phrase).AwaitAnswer(10).Sleep(1.5).Run();
            daemon.Kill();
        }

        var journal = Assert.Single(Directory.GetFiles(folder, "*.journal"));
        var answered = log.Count(h => !h.Sent && h.IsNoteOn);
        Assert.True(answered > 0, "Improv never answered");

        using (var next = DaemonProcess.Start("--mode", "Thru", recording))
        {
            next.WaitFor("Session recorded", TimeSpan.FromSeconds(30));
        }

        var recovered = MidiFileReader.Read(Path.ChangeExtension(journal, ".mid"));
        Assert.False(File.Exists(journal));
        var player = recovered.Tracks.Single(t => t.Name == "Player");
        var improv = recovered.Tracks.Single(t => t.Name == "Improv");
        Assert.Equal(phrase.Count, player.NoteCount);
        // Flushed twice a second: what the player heard more than a second before the kill is surely on disk.
        var lastHeard = log.Max(h => h.Seconds);
        var surelyFlushed = log.Count(h => !h.Sent && h.IsNoteOn && h.Seconds < lastHeard - 1.0);
        Assert.True(improv.NoteCount >= Math.Max(1, surelyFlushed), $"recorded {improv.NoteCount} of Improv's notes, heard {answered}");
    }
}
