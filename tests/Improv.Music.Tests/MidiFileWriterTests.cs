using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Music.Tests;

public sealed class MidiFileWriterTests
{
    private static readonly Note[] Player = [new(60, 100, 0.0, 0.5), new(64, 90, 0.25, 1.0), new(60, 80, 1.0, 1.2)];
    private static readonly Note[] Improv = [new(67, 70, 1.5, 2.0), new(71, 127, 1.75, 1.76)];

    // Written times come back within half a tick (1/960 s at the default 480 ticks per quarter and 120 bpm).
    private static void AssertClose(IEnumerable<Note> expected, IReadOnlyList<Note> actual, double tick = 1.0 / 960)
    {
        var want = expected.OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToList();
        Assert.Equal(want.Count, actual.Count);
        foreach (var (e, a) in want.Zip(actual))
        {
            Assert.Equal((e.Pitch, e.Velocity), (a.Pitch, a.Velocity));
            Assert.InRange(a.Start - e.Start, -tick / 2, tick / 2);
            Assert.InRange(a.End - e.End, -tick / 2, tick / 2);
        }
    }

    [Fact]
    public void A_two_track_file_of_player_and_Improv_reads_back_as_written()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("session.mid");

        MidiFileWriter.Write(path, [new NoteTrack("Player", Player), new NoteTrack("Improv", Improv, Channel: 1)]);
        var read = MidiFileReader.Read(path);

        Assert.Equal(1, read.Format);
        Assert.Equal(["", "Player", "Improv"], read.Tracks.Select(t => t.Name));
        Assert.Equal([0, 3, 2], read.Tracks.Select(t => t.NoteCount));
        AssertClose(Player.Concat(Improv), read.Notes);
    }

    [Fact]
    public void Format_0_puts_every_part_in_one_track()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("single.mid");

        MidiFileWriter.Write(path, [new NoteTrack("Player", Player), new NoteTrack("Improv", Improv, Channel: 1)], format: 0, ticksPerQuarter: 96, beatsPerMinute: 90);
        var read = MidiFileReader.Read(path);

        Assert.Equal(0, read.Format);
        Assert.Single(read.Tracks);
        AssertClose(Player.Concat(Improv), read.Notes, tick: 60.0 / 90 / 96);
    }

    [Fact]
    public void A_file_Improv_writes_is_valid_for_NAudio_in_strict_mode()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("strict.mid");

        MidiFileWriter.Write(path, [new NoteTrack("Player", Player), new NoteTrack("Improv", Improv)]);
        var strict = new NAudio.Midi.MidiFile(path, strictChecking: true);

        Assert.Equal(3, strict.Tracks);
        Assert.Equal(5, Enumerable.Range(0, strict.Tracks).Sum(t => strict.Events[t].OfType<NAudio.Midi.NoteOnEvent>().Count(e => e.Velocity > 0)));
    }
}
