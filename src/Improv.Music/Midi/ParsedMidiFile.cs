using Improv.Music.Notes;

namespace Improv.Music.Midi;

/// <summary>A MIDI file read as one piano performance: all tracks merged, times in seconds, sustain pedal applied.</summary>
/// <param name="Path">The file it came from.</param>
/// <param name="Format">SMF format, 0 or 1.</param>
/// <param name="TicksPerQuarter">Time division of the file; 0 when it uses SMPTE time.</param>
/// <param name="TempoSegments">How many stretches of constant tempo the file has (1 without tempo changes).</param>
/// <param name="Tracks">Each track chunk's name and note count, in file order.</param>
/// <param name="Notes">Every note, in <see cref="NoteOrder"/>.</param>
public sealed record ParsedMidiFile(
    string Path,
    int Format,
    int TicksPerQuarter,
    int TempoSegments,
    IReadOnlyList<MidiTrackSummary> Tracks,
    IReadOnlyList<Note> Notes)
{
    /// <summary>The time of every quarter note by the file's tempo map, to the last note's end (none for SMPTE time).</summary>
    public IReadOnlyList<double> Beats { get; init; } = [];

    /// <summary>Seconds from the start to the end of the last note.</summary>
    public double Duration => Notes.Count == 0 ? 0 : Notes.Max(n => n.End);
}

/// <summary>A track chunk's name (empty when it has none) and how many note-ons it holds.</summary>
public readonly record struct MidiTrackSummary(string Name, int NoteCount);
