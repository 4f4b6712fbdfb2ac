using Improv.Host.Midi.Input;
using Improv.Host.Recording;
using Improv.Music.Midi;

namespace Improv.Host.Tests.Recording;

public sealed class SessionJournalTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("improv-journal-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void AJournalTornMidRecordBecomesATwoTrackFileWithEveryWholeNote()
    {
        string path;
        using (var journal = SessionJournal.Create(folder, new DateTime(2026, 11, 25, 12, 0, 0)))
        {
            path = journal.Path;
            journal.Append(0, RecordedPart.Player, LiveEvent.NoteOn(0, 60, 100, 0));
            journal.Append(500_000, RecordedPart.Player, LiveEvent.NoteOff(0, 60, 0));
            journal.Append(1_200_000, RecordedPart.Improv, LiveEvent.NoteOn(0, 67, 80, 0));
            journal.Append(1_700_000, RecordedPart.Improv, LiveEvent.NoteOn(0, 64, 90, 0));
            journal.Append(2_000_000, RecordedPart.Improv, LiveEvent.NoteOff(0, 67, 0));
            journal.Flush();
        }

        // A kill -9 in the middle of writing a record leaves part of it behind.
        using (var torn = new FileStream(path, FileMode.Append))
        {
            torn.Write([1, 2, 3, 4, 5, 6, 7]);
        }

        var midi = MidiFileReader.Read(SessionJournal.ToMidi(path));

        Assert.Equal(["Player", "Improv"], midi.Tracks.Where(t => t.NoteCount > 0).Select(t => t.Name));
        var notes = midi.Notes.Select(n => (n.Pitch, n.Velocity, Math.Round(n.Start, 3), Math.Round(n.End, 3))).ToArray();
        Assert.Equal(
            [(60, 100, 0.0, 0.5), (67, 80, 1.2, 2.0), (64, 90, 1.7, 2.0)],
            notes);
    }

    [Fact]
    public void SomethingElseIsRefusedByName()
    {
        var bogus = Path.Combine(folder, "bogus.journal");
        File.WriteAllText(bogus, "not a journal");
        var error = Assert.Throws<InvalidDataException>(() => SessionJournal.ToMidi(bogus));
        Assert.Contains("bogus.journal", error.Message);
    }
}
