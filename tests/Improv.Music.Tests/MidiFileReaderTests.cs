using Improv.Music.Midi;
using Improv.Music.Notes;
using static Improv.Music.Tests.SmfBytes;

namespace Improv.Music.Tests;

public sealed class MidiFileReaderTests
{
    private static ParsedMidiFile Parse(byte[] bytes) => MidiFileReader.Parse(bytes, "test.mid");

    private static void AssertNotes(IReadOnlyList<Note> actual, params Note[] expected)
    {
        Assert.Equal(expected.Length, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Pitch, a.Pitch);
            Assert.Equal(e.Velocity, a.Velocity);
            Assert.Equal(e.Start, a.Start, 9);
            Assert.Equal(e.End, a.End, 9);
        }
    }

    [Fact]
    public void Format0_one_track_at_the_default_tempo_of_120_bpm()
    {
        var performance = Parse(File(0, 96, Track(
            (0, On(0, 60, 100)), (96, Off(0, 60)), (0, On(0, 64, 80)), (96, Off(0, 64)))));

        Assert.Equal(0, performance.Format);
        Assert.Equal(96, performance.TicksPerQuarter);
        AssertNotes(performance.Notes, new Note(60, 100, 0, 0.5), new Note(64, 80, 0.5, 1.0));
    }

    [Fact]
    public void Format1_merges_tracks_and_takes_the_tempo_from_the_conductor_track()
    {
        var performance = Parse(File(1, 480,
            Track((0, Tempo(1_000_000))),
            Track((0, Name("MELODY")), (480, On(0, 72, 90)), (480, Off(0, 72))),
            Track((0, Name("PIANO")), (0, On(1, 48, 60)), (1920, Off(1, 48)))));

        Assert.Equal(1, performance.Format);
        Assert.Equal(["", "MELODY", "PIANO"], performance.Tracks.Select(t => t.Name));
        Assert.Equal([0, 1, 1], performance.Tracks.Select(t => t.NoteCount));
        AssertNotes(performance.Notes, new Note(48, 60, 0, 4), new Note(72, 90, 1, 2));
    }

    [Fact]
    public void A_tempo_change_mid_file_changes_the_seconds_per_tick_from_that_tick_on()
    {
        // 120 bpm for the first two quarters (1 s), then 240 bpm: a quarter lasts 0.25 s.
        var performance = Parse(File(1, 480,
            Track((0, Tempo(500_000)), (960, Tempo(250_000))),
            Track((480, On(0, 60, 100)), (960, Off(0, 60)), (0, On(0, 62, 100)), (480, Off(0, 62)))));

        Assert.Equal(2, performance.TempoSegments);
        AssertNotes(performance.Notes, new Note(60, 100, 0.5, 1.25), new Note(62, 100, 1.25, 1.5));
    }

    [Fact]
    public void Format0_reads_tempo_changes_from_its_single_track()
    {
        // 60 bpm: a quarter lasts 1 s; after two quarters, 120 bpm.
        var performance = Parse(File(0, 10, Track(
            (0, Tempo(1_000_000)), (0, On(0, 60, 100)), (20, Tempo(500_000)), (0, Off(0, 60)), (0, On(0, 62, 100)), (20, Off(0, 62)))));

        Assert.Equal(2, performance.TempoSegments);
        AssertNotes(performance.Notes, new Note(60, 100, 0, 2), new Note(62, 100, 2, 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(96)]
    [InlineData(960)]
    [InlineData(32767)]
    public void Any_ticks_per_quarter_gives_the_same_seconds(int ticksPerQuarter)
    {
        var performance = Parse(File(0, ticksPerQuarter, Track((ticksPerQuarter, On(0, 60, 100)), (2 * ticksPerQuarter, Off(0, 60)))));

        AssertNotes(performance.Notes, new Note(60, 100, 0.5, 1.5));
    }

    [Fact]
    public void Smpte_time_division_counts_ticks_per_frame()
    {
        // 25 frames per second x 40 ticks per frame = 1000 ticks per second.
        var performance = Parse(File(0, unchecked((byte)-25) << 8 | 40, Track((1000, On(0, 60, 100)), (500, Off(0, 60)))));

        Assert.Equal(0, performance.TicksPerQuarter);
        AssertNotes(performance.Notes, new Note(60, 100, 1.0, 1.5));
    }

    [Fact]
    public void Running_status_and_velocity_zero_note_offs_are_read()
    {
        // One 0x90 status byte, then data pairs only; velocity 0 releases.
        byte[] body = [0, 0x90, 60, 100, 0, 64, 90, 48, 60, 0, 0, 64, 0, 0, 0xFF, 0x2F, 0];
        var performance = Parse(File(0, 96, body));

        AssertNotes(performance.Notes, new Note(60, 100, 0, 0.25), new Note(64, 90, 0, 0.25));
    }

    [Fact]
    public void Overlapping_strikes_of_one_pitch_are_paired_first_in_first_out()
    {
        var performance = Parse(File(0, 100, Track(
            (0, On(0, 60, 100)), (100, On(0, 60, 50)), (100, Off(0, 60)), (100, Off(0, 60)))));

        AssertNotes(performance.Notes, new Note(60, 100, 0, 1.0), new Note(60, 50, 0.5, 1.5));
    }

    [Fact]
    public void Sustain_pedal_holds_released_notes_until_it_comes_up()
    {
        var performance = Parse(File(0, 100, Track(
            (0, On(0, 60, 100)), (10, Pedal(0, true)), (40, Off(0, 60)), (150, Pedal(0, false)))));

        AssertNotes(performance.Notes, new Note(60, 100, 0, 1.0));
    }

    [Fact]
    public void Restriking_a_sustained_pitch_ends_the_ringing_note()
    {
        var performance = Parse(File(0, 100, Track(
            (0, Pedal(0, true)), (0, On(0, 60, 100)), (20, Off(0, 60)), (80, On(0, 60, 70)), (20, Off(0, 60)), (100, Pedal(0, false)))));

        AssertNotes(performance.Notes, new Note(60, 100, 0, 0.5), new Note(60, 70, 0.5, 1.1));
    }

    [Fact]
    public void The_pedal_acts_only_on_its_own_channel()
    {
        var performance = Parse(File(0, 100, Track(
            (0, Pedal(1, true)), (0, On(0, 60, 100)), (50, Off(0, 60)), (150, Pedal(1, false)))));

        AssertNotes(performance.Notes, new Note(60, 100, 0, 0.25));
    }

    [Fact]
    public void A_note_never_released_ends_with_its_track_and_a_stray_release_is_ignored()
    {
        var performance = Parse(File(0, 100, Track((0, Off(0, 50)), (0, On(0, 60, 100)), (300, Name("end")))));

        AssertNotes(performance.Notes, new Note(60, 100, 0, 1.5));
    }

    [Fact]
    public void A_file_written_with_NAudio_reads_back_the_same_notes()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("naudio.mid");
        var events = new NAudio.Midi.MidiEventCollection(1, 240);
        events.AddTrack();
        events.AddEvent(new NAudio.Midi.TempoEvent(750_000, 0), 0);
        events.AddEvent(new NAudio.Midi.TempoEvent(375_000, 480), 0);
        events.AddEvent(new NAudio.Midi.MetaEvent(NAudio.Midi.MetaEventType.EndTrack, 0, 480), 0);
        events.AddTrack();
        events.AddEvent(new NAudio.Midi.NoteOnEvent(240, 1, 67, 99, 0), 1);
        events.AddEvent(new NAudio.Midi.NoteEvent(720, 1, NAudio.Midi.MidiCommandCode.NoteOff, 67, 0), 1);
        events.AddEvent(new NAudio.Midi.MetaEvent(NAudio.Midi.MetaEventType.EndTrack, 0, 720), 1);
        NAudio.Midi.MidiFile.Export(path, events);

        // 80 bpm (0.75 s per quarter) for two quarters, then 160 bpm: struck after one quarter, released after three.
        AssertNotes(MidiFileReader.Read(path).Notes, new Note(67, 99, 0.75, 1.875));
    }
}
