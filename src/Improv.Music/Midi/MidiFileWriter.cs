using Improv.Music.Notes;
using NAudio.Midi;

namespace Improv.Music.Midi;

/// <summary>Writes notes to a Standard MIDI File through NAudio, at a fixed tempo.</summary>
public static class MidiFileWriter
{
    public const int DefaultTicksPerQuarter = 480;
    public const double DefaultBeatsPerMinute = 120;

    /// <summary>
    /// Writes <paramref name="tracks"/> to <paramref name="path"/>. Format 1 gives a tempo track followed by one
    /// track per part (the recorder's player + Improv file); format 0 puts every part in one track, each on its channel.
    /// </summary>
    public static void Write(
        string path,
        IReadOnlyList<NoteTrack> tracks,
        int format = 1,
        int ticksPerQuarter = DefaultTicksPerQuarter,
        double beatsPerMinute = DefaultBeatsPerMinute)
    {
        using var stream = File.Create(path);
        Write(stream, tracks, format, ticksPerQuarter, beatsPerMinute);
    }

    /// <summary>Same as <see cref="Write(string, IReadOnlyList{NoteTrack}, int, int, double)"/>, into a stream.</summary>
    public static void Write(
        Stream stream,
        IReadOnlyList<NoteTrack> tracks,
        int format = 1,
        int ticksPerQuarter = DefaultTicksPerQuarter,
        double beatsPerMinute = DefaultBeatsPerMinute)
    {
        if (format is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(format), format, "MIDI file format must be 0 or 1");
        if (ticksPerQuarter is < 1 or > 0x7FFF)
            throw new ArgumentOutOfRangeException(nameof(ticksPerQuarter), ticksPerQuarter, "ticks per quarter must be 1-32767");
        var microsecondsPerQuarter = (int)Math.Round(60_000_000 / beatsPerMinute);
        var ticksPerSecond = ticksPerQuarter * 1e6 / microsecondsPerQuarter;

        var events = new MidiEventCollection(format, ticksPerQuarter);
        events.AddTrack();
        events.AddEvent(new TempoEvent(microsecondsPerQuarter, 0), 0);
        foreach (var part in tracks)
        {
            if (format == 1)
                events.AddTrack();
            var track = events.Tracks - 1;
            events.AddEvent(new TextEvent(part.Name, MetaEventType.SequenceTrackName, 0), track);
            foreach (var e in NoteEvents(part, ticksPerSecond))
                events.AddEvent(e, track);
        }
        for (var track = 0; track < events.Tracks; track++)
        {
            var last = events[track].Count == 0 ? 0 : events[track].Max(e => e.AbsoluteTime);
            events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, last), track);
        }
        MidiFile.Export(stream, events);
    }

    // Releases come before strikes at the same tick so that a repeated pitch is ended before it is struck again;
    // a note is at least one tick long so that its own release never precedes it. NAudio's export sort is stable.
    private static IEnumerable<MidiEvent> NoteEvents(NoteTrack part, double ticksPerSecond)
    {
        var channel = part.Channel + 1;
        return part.Notes
            .SelectMany(n =>
            {
                var on = (long)Math.Round(n.Start * ticksPerSecond);
                var off = Math.Max(on + 1, (long)Math.Round(n.End * ticksPerSecond));
                return new[]
                {
                    (Tick: off, Order: 0, Event: (MidiEvent)new NoteEvent(off, channel, MidiCommandCode.NoteOff, n.Pitch, 0)),
                    (Tick: on, Order: 1, Event: new NoteOnEvent(on, channel, n.Pitch, Math.Clamp(n.Velocity, 1, 127), 0)),
                };
            })
            .OrderBy(e => e.Tick)
            .ThenBy(e => e.Order)
            .Select(e => e.Event);
    }
}
