using System.Globalization;
using System.Text.Json;
using Improv.Music.Corpus;
using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Evaluation.Tests;

/// <summary>
/// `improv-evaluate accompany-live melodies|score` (the two ends of benchmarks/accompany/run) and `improv-evaluate
/// memory`, on the bundled model and real POP909 test pieces.
/// </summary>
public sealed class LiveAccompanimentTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("improv-accompany-live-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ASessionThatPlayedTheRealAccompaniment_ScoresAsTheRealOne_AndTheOfflineRowIsTheModels()
    {
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromMinutes(2), "accompany-live", "melodies",
            "--corpus", Repository.Pop909, "--pieces", "2", "--seconds", "20", folder);
        Assert.True(exitCode == 0, printed);
        var pieces = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "pieces.json"))).RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, pieces.Length);

        // The "player" here heard back each piece's real accompaniment (from the corpus, as the score reads it).
        var songs = CorpusSet.Load(Repository.Pop909, TextWriter.Null).Songs(Split.Test);
        foreach (var piece in pieces)
        {
            var song = songs.Single(s => s.Id == piece.GetProperty("song").GetString());
            var real = song.Notes.Where(n => n.Part == Part.Accompaniment && n.End <= 20).ToArray();
            var lead = piece.GetProperty("lead").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())
                .Select(r => new Note((int)r[2], (int)r[3], r[0], r[1], Part.Lead)).ToArray();
            MidiFileWriter.Write(Path.Combine(folder, piece.GetProperty("session").GetString()!),
                [new NoteTrack("Player", lead), new NoteTrack("Improv", real, Channel: 1)], ticksPerQuarter: 7680);
        }

        var output = Path.Combine(folder, "result");
        (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromMinutes(2), "accompany-live", "score",
            "--corpus", Repository.Pop909, "--pieces", "2", "--seconds", "20", "--model", Repository.DefaultModel, folder, "--out", output);
        Assert.True(exitCode == 0, printed);

        var result = JsonDocument.Parse(File.ReadAllText(output + ".json")).RootElement.GetProperty("result");
        var (live, offline) = (result.GetProperty("live"), result.GetProperty("offline"));
        // Read back from a MIDI file, the times are rounded to its ticks (0.07 ms here): the numbers agree closely.
        foreach (var measure in new[] { "note_in_chord", "onset_alignment", "sounding_share" })
        {
            var (real, heard) = (live.GetProperty($"real_{measure}").GetDouble(), live.GetProperty($"model_{measure}").GetDouble());
            Assert.True(Math.Abs(real - heard) < 0.01, $"{measure}: {heard} heard, {real} real");
        }

        // The offline row is the model's own accompaniment, not the real one.
        Assert.NotEqual(live.GetProperty("model_onset_alignment").GetDouble(), offline.GetProperty("model_onset_alignment").GetDouble(), precision: 3);
        Assert.Contains("| Improv live (as the player heard it) |", File.ReadAllText(output + ".md"));
    }

    [Fact]
    public void ScoringAFolderWithoutItsSessions_SaysWhichPieceIsMissing()
    {
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromMinutes(2), "accompany-live", "melodies",
            "--corpus", Repository.Pop909, "--pieces", "2", "--seconds", "20", folder);
        Assert.True(exitCode == 0, printed);

        (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromMinutes(2), "accompany-live", "score",
            "--corpus", Repository.Pop909, "--pieces", "2", "--seconds", "20", folder, "--out", Path.Combine(folder, "result"));

        Assert.Equal(1, exitCode);
        Assert.Contains("01.session.mid: no session recorded for piece 1", printed);
    }

    [Fact]
    public void Memory_AtWeightZeroIsTheLstmAlone_AndOnARealSongItLowersTheNll()
    {
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromMinutes(2), "memory",
            "--corpus", Repository.Pop909, "--model", Repository.DefaultModel, "--songs", "1", "--seconds", "60", "--weights", "0,0.3");
        Assert.True(exitCode == 0, printed);

        var rows = printed.Split('\n').Where(l => l.StartsWith("| 0", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        Assert.Equal(2, rows.Length);
        Assert.True(rows[1][1] < rows[0][1] - 0.02, $"NLL per token {rows[1][1]} with the memory at 0.3, {rows[0][1]} without:\n{printed}");
    }
}
