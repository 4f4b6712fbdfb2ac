using System.Text.Json;
using Improv.Music.Notes;

namespace Improv.Music.Corpus;

/// <summary>
/// Reads the JSB chorales as four-voice songs from Jsb16thSeparated.json: {"train"|"valid"|"test": [chorale, ...]}, a
/// chorale being a list of 16th-note steps of four pitches (soprano, alto, tenor, bass; -1 for a rest). The soprano is
/// the lead, the other voices the accompaniment. The grid cannot tell a held note from a repeated one; a pitch that
/// stays is read as held, the common reading. The file has no tempo or loudness: a 16th is
/// <see cref="SixteenthSeconds"/> (quarter = 100 bpm) and every note has velocity <see cref="Velocity"/>.
/// </summary>
public static class ChoraleReader
{
    public const string FileName = "Jsb16thSeparated.json";
    public const double SixteenthSeconds = 0.15;
    public const int Velocity = 80;

    /// <summary>Every chorale, with the published split (Boulanger-Lewandowski 2012); ids are "train/000" and so on.</summary>
    public static IReadOnlyList<Song> Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        Dictionary<string, int[][][]>? splits;
        try
        {
            splits = JsonSerializer.Deserialize<Dictionary<string, int[][][]>>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new InvalidDataException($"{path}: not a chorale file ({e.Message})", e);
        }

        var songs = new List<Song>();
        foreach (var (name, split) in new[] { ("train", Split.Train), ("valid", Split.Valid), ("test", Split.Test) })
        {
            if (splits is null || !splits.TryGetValue(name, out var chorales))
                throw new InvalidDataException($"{path}: no \"{name}\" list");
            for (var c = 0; c < chorales.Length; c++)
                songs.Add(new Song($"{name}/{c:D3}", Notes(chorales[c], path, $"{name}[{c}]"))
                {
                    Split = split,
                    // A beat is a quarter note: every fourth 16th of the grid.
                    Beats = [.. Enumerable.Range(0, (chorales[c].Length + 3) / 4).Select(b => b * 4 * SixteenthSeconds)],
                });
        }
        return songs;
    }

    private static Note[] Notes(int[][] steps, string path, string where)
    {
        var notes = new List<Note>();
        for (var voice = 0; voice < 4; voice++)
        {
            var part = voice == 0 ? Part.Lead : Part.Accompaniment;
            var start = -1;
            for (var t = 0; t <= steps.Length; t++)
            {
                var pitch = t < steps.Length ? PitchAt(steps[t], voice, path, where, t) : -1;
                var previous = start >= 0 ? steps[start][voice] : -1;
                if (pitch == previous)
                    continue;
                if (start >= 0)
                    notes.Add(new Note(previous, Velocity, start * SixteenthSeconds, t * SixteenthSeconds, part));
                start = pitch >= 0 ? t : -1;
            }
        }
        notes.Sort(NoteOrder.Compare);
        return [.. notes];
    }

    private static int PitchAt(int[] step, int voice, string path, string where, int t)
    {
        if (step.Length != 4)
            throw new InvalidDataException($"{path}: {where} step {t} has {step.Length} voices, not 4");
        var pitch = step[voice];
        if (pitch is < -1 or > 127)
            throw new InvalidDataException($"{path}: {where} step {t} voice {voice} has pitch {pitch}");
        return pitch;
    }
}
