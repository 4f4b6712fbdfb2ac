using Improv.Music.Midi;
using Improv.Music.Tokens;

namespace Improv.Data;

/// <summary>`improv-data inspect FILE`: what Improv reads in a MIDI file and how many tokens it makes.</summary>
public static class InspectCommand
{
    public static int Run(string path, TextWriter output, TextWriter errors)
    {
        ParsedMidiFile performance;
        try
        {
            performance = MidiFileReader.Read(path);
        }
        catch (MidiFileError error)
        {
            errors.WriteLine($"improv-data: {error.Message}");
            return 1;
        }

        var notes = performance.Notes;
        var tokens = PerformanceEncoder.Encode(notes);
        var timing = performance.TicksPerQuarter > 0 ? $"{performance.TicksPerQuarter} ticks per quarter" : "SMPTE time";
        output.WriteLine($"file         {performance.Path}");
        output.WriteLine($"format       {performance.Format}, {timing}, {performance.TempoSegments} tempo segment(s)");
        output.WriteLine($"tracks       {performance.Tracks.Count}");
        foreach (var (track, index) in performance.Tracks.Select((t, i) => (t, i)))
            output.WriteLine($"  {index,2} {(track.Name.Length > 0 ? track.Name : "(unnamed)"),-20} {track.NoteCount,7} notes");
        output.WriteLine($"notes        {notes.Count}");
        output.WriteLine($"duration     {TimeSpan.FromSeconds(performance.Duration):m\\:ss\\.f} ({performance.Duration:F2} s)");
        if (notes.Count > 0)
        {
            var (low, high) = (notes.Min(n => n.Pitch), notes.Max(n => n.Pitch));
            output.WriteLine($"pitch range  {low}-{high} ({PitchName(low)}-{PitchName(high)})");
        }
        output.WriteLine($"tokens       {tokens.Length} ({Vocabulary.Version})");
        foreach (var kind in tokens.CountBy(Vocabulary.KindOf).OrderBy(k => k.Key))
            output.WriteLine($"  {kind.Key,-11} {kind.Value,7} ({100.0 * kind.Value / tokens.Length:F1}%)");
        return 0;
    }

    private static string PitchName(int pitch) =>
        $"{new[] { "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B" }[pitch % 12]}{pitch / 12 - 1}";
}
