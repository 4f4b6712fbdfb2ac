using Improv.Music.Notes;

namespace Improv.Music.Midi;

/// <summary>Reads Standard MIDI Files (format 0 and 1, any time division, tempo maps) into <see cref="ParsedMidiFile"/>.</summary>
public static class MidiFileReader
{
    /// <summary>Reads a file (each track's part from <paramref name="partOfTrack"/>, all lead without it); a corrupt or truncated one raises <see cref="MidiFileError"/> naming it and the defect.</summary>
    public static ParsedMidiFile Read(string path, Func<string, Part>? partOfTrack = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MidiFileError(path, $"cannot be read: {e.Message}");
        }
        return Parse(bytes, path, partOfTrack);
    }

    /// <summary>
    /// Reads a file already in memory; <paramref name="path"/> only names it in errors and in the result.
    /// <paramref name="partOfTrack"/> names the part of each track by its name (every note is lead without it).
    /// </summary>
    public static ParsedMidiFile Parse(byte[] bytes, string path, Func<string, Part>? partOfTrack = null)
    {
        var content = SmfParser.Parse(bytes, path);
        var tempo = new TempoMap(content.Division, content.Tempos);
        var notes = NoteAssembler.Assemble(content, tempo, partOfTrack is null ? null : content.Tracks.Select(t => partOfTrack(t.Name)).ToArray());
        var tracks = content.Tracks
            .Select(t => new MidiTrackSummary(t.Name, t.Messages.Count(m => m.Kind == ChannelMessage.NoteOn && m.Data2 > 0)))
            .ToArray();
        var ticksPerQuarter = (content.Division & 0x8000) == 0 ? content.Division : 0;
        var end = notes.Count == 0 ? 0 : notes.Max(n => n.End);
        var beats = new List<double>();
        for (long tick = 0; ticksPerQuarter > 0 && tempo.SecondsAt(tick) <= end; tick += ticksPerQuarter)
            beats.Add(tempo.SecondsAt(tick));
        return new ParsedMidiFile(path, content.Format, ticksPerQuarter, tempo.Segments, tracks, notes) { Beats = beats };
    }
}
