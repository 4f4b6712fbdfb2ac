using Improv.Music.Notes;

namespace Improv.Music.Midi;

/// <summary>Reads Standard MIDI Files (format 0 and 1, any time division, tempo maps) into <see cref="MidiPerformance"/>.</summary>
public static class MidiFileReader
{
    /// <summary>Reads a file; a corrupt or truncated one raises <see cref="MidiFileError"/> naming it and the defect.</summary>
    public static MidiPerformance Read(string path)
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
        return Parse(bytes, path);
    }

    /// <summary>Reads a file already in memory; <paramref name="path"/> only names it in errors and in the result.</summary>
    public static MidiPerformance Parse(byte[] bytes, string path)
    {
        var content = SmfParser.Parse(bytes, path);
        var tempo = new TempoMap(content.Division, content.Tempos);
        var notes = NoteAssembler.Assemble(content, tempo);
        var tracks = content.Tracks
            .Select(t => new MidiTrackSummary(t.Name, t.Messages.Count(m => m.Kind == ChannelMessage.NoteOn && m.Data2 > 0)))
            .ToArray();
        var ticksPerQuarter = (content.Division & 0x8000) == 0 ? content.Division : 0;
        return new MidiPerformance(path, content.Format, ticksPerQuarter, tempo.Segments, tracks, notes);
    }
}
