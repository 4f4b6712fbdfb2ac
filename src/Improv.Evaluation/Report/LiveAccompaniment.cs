using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Improv.Host.Improvisation;
using Improv.Inference.Step;
using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Evaluation.Report;

/// <summary>
/// The accompany benchmark's two ends (benchmarks/accompany/run): <see cref="WriteMelodies"/> hands the test pieces'
/// leads to the player that plays them into the daemon, and <see cref="Score"/> measures what the daemon played, as
/// the player heard it, with the very measures of the offline accompaniment (<see cref="AccompanimentEvaluation"/>),
/// beside the model's offline accompaniment of the same leads.
/// </summary>
public static class LiveAccompaniment
{
    /// <summary>The list of pieces in a session folder: which song each lead file is.</summary>
    public const string PiecesFile = "pieces.json";

    /// <summary>The track of a session file that holds what Improv played; every other track is the lead played in.</summary>
    public const string ImprovTrack = "Improv";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>One piece of a session folder: its song, the lead the player plays (seconds on the song's clock) and the session file it records.</summary>
    public sealed record PieceFile(string Song, string Session, IReadOnlyList<double[]> Lead);

    /// <summary>
    /// Writes <see cref="PiecesFile"/> into <paramref name="folder"/>: each piece's song id, the name of the session
    /// file the player is to write, and its lead as [start, end, pitch, velocity] rows on the song's clock (exact,
    /// where a MIDI file would round them to its ticks).
    /// </summary>
    public static void WriteMelodies(IReadOnlyList<AccompaniedPiece> pieces, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = pieces.Select((piece, i) => new PieceFile(piece.Song.Id, $"{i + 1:00}.session.mid",
            [.. piece.Lead.Select(n => new[] { n.Start, n.End, n.Pitch, n.Velocity })])).ToArray();
        File.WriteAllText(Path.Combine(folder, PiecesFile), JsonSerializer.Serialize(files, Json));
    }

    /// <summary>The result: per piece and on average, live beside offline, real and another piece's.</summary>
    public sealed record Result(int Pieces, double Seconds, string Style, double PulseLock, double HarmonyLock, AccompanimentReport Live, AccompanimentReport Offline);

    /// <summary>
    /// Scores the session files in <paramref name="folder"/> against <paramref name="pieces"/> (the same selection
    /// <see cref="WriteMelodies"/> wrote): Improv's notes as the player heard them, under the melody as the player
    /// really sent it, cut at its last release (the offline accompaniment ends there too; live, Improv plays on until
    /// the silence setting passes). The real and the other piece's accompaniment are measured under the same melody.
    /// </summary>
    /// <exception cref="InvalidDataException">A session file is missing, or the folder's pieces are not these.</exception>
    public static Result Score(string folder, IReadOnlyList<AccompaniedPiece> pieces, StepSession session, string style, int seed, Steering steering, double seconds)
    {
        var listed = ReadPieces(folder);
        if (listed.Count != pieces.Count || listed.Where((p, i) => p.Song != pieces[i].Song.Id).Any())
        {
            throw new InvalidDataException($"{Path.Combine(folder, PiecesFile)} lists {string.Join(", ", listed.Select(p => p.Song))}; " +
                $"the corpus gives {string.Join(", ", pieces.Select(p => p.Song.Id))} for these settings (pass the same --corpus, --pieces and --seconds as when the melodies were written)");
        }

        var live = new List<AccompanimentSample>();
        var offline = new List<AccompanimentSample>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var path = Path.Combine(folder, listed[i].Session);
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"{path}: no session recorded for piece {i + 1} ({listed[i].Song}); did the player finish?");
            }

            // The melody as it really left the player (a loaded machine delays a send), against which Improv played.
            var recorded = MidiFileReader.Read(path, track => track == ImprovTrack ? Part.Accompaniment : Part.Lead).Notes;
            var played = recorded.Where(n => n.Part == Part.Lead).ToArray();
            var end = played.Max(n => n.End);
            var heard = recorded
                .Where(n => n.Part == Part.Accompaniment && n.Start < end)
                .Select(n => n with { End = Math.Min(n.End, end) })
                .ToArray();
            var asPlayed = pieces.ToArray();
            asPlayed[i] = pieces[i] with { Lead = played };
            live.Add(AccompanimentEvaluation.Measure(asPlayed, i, seed, heard));
            offline.Add(AccompanimentEvaluation.Measure(pieces, i, seed + i, AccompanimentEvaluation.Play(session, pieces[i], style, seed + i, steering)));
        }

        return new Result(pieces.Count, seconds, style, steering.PulseLock, steering.HarmonyLock,
            AccompanimentEvaluation.Report(live, style, seconds, double.NaN, 0),
            AccompanimentEvaluation.Report(offline, style, seconds, double.NaN, 0));
    }

    /// <summary>Writes <paramref name="prefix"/>.json (every number) and <paramref name="prefix"/>.md (the table); returns the table.</summary>
    public static string Write(Result result, string prefix, string measuredAt, string notes)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(prefix))!;
        Directory.CreateDirectory(folder);
        File.WriteAllText(prefix + ".json", JsonSerializer.Serialize(new { MeasuredAt = measuredAt, Notes = notes, Result = result }, Json) + "\n");
        var (live, offline) = (result.Live, result.Offline);
        static string F(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "-";
        static string P(double value) => double.IsFinite(value) ? (value * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "-";
        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Accompany, live through JACK, {measuredAt}: {result.Pieces} POP909 test melodies x {result.Seconds:0} s, style {result.Style}, PulseLock {result.PulseLock:0.#}, HarmonyLock {result.HarmonyLock:0.#}; {notes}")
            .AppendLine()
            .AppendLine("| | note-in-chord | as share of real (goal 90 %) | sounding share of the melody (goal 80 %) | onsets within 30 ms of a melody onset or beat (goal: as real) |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: |")
            .AppendLine(CultureInfo.InvariantCulture, $"| Improv live (as the player heard it) | {F(live.ModelNoteInChord)} | {P(live.NoteInChordShareOfReal)} | {P(live.ModelSoundingShare)} | {F(live.ModelOnsetAlignment)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| Improv offline, same leads | {F(offline.ModelNoteInChord)} | {P(offline.NoteInChordShareOfReal)} | {P(offline.ModelSoundingShare)} | {F(offline.ModelOnsetAlignment)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| real accompaniment | {F(live.RealNoteInChord)} | 100 % | {P(live.RealSoundingShare)} | {F(live.RealOnsetAlignment)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| another piece's accompaniment | {F(live.OtherNoteInChord)} | {P(live.OtherNoteInChord / live.RealNoteInChord)} | - | {F(live.OtherOnsetAlignment)} |")
            .AppendLine()
            .AppendLine("| piece | Improv's notes live / offline | note-in-chord live / offline / real | onsets aligned live / offline / real |")
            .AppendLine("| --- | ---: | ---: | ---: |");
        for (var i = 0; i < live.Samples.Count; i++)
        {
            var (l, o) = (live.Samples[i], offline.Samples[i]);
            table.AppendLine(CultureInfo.InvariantCulture, $"| {l.Song} | {l.ModelNotes} / {o.ModelNotes} | {F(l.ModelNoteInChord)} / {F(o.ModelNoteInChord)} / {F(l.RealNoteInChord)} | {F(l.ModelOnsetAlignment)} / {F(o.ModelOnsetAlignment)} / {F(l.RealOnsetAlignment)} |");
        }

        File.WriteAllText(prefix + ".md", table.ToString());
        return table.ToString();
    }

    private static IReadOnlyList<PieceFile> ReadPieces(string folder)
    {
        var path = Path.Combine(folder, PiecesFile);
        try
        {
            return JsonSerializer.Deserialize<PieceFile[]>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read ({e.Message}); write it with `improv-evaluate accompany-live melodies`");
        }
    }
}
