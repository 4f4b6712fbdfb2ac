using Improv.Music.Corpus;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Evaluation.Report;

/// <summary>
/// A primer cut from a song and the song's real continuation after it, both on a clock starting at the primer's
/// beginning and both passed through the tokenizer (10 ms grid, 32 velocity bins), so the real music reaches a
/// comparison, or a listener, in exactly the resolution the model plays in.
/// </summary>
public sealed record Excerpt(string SongId, double CutSeconds, double PrimerSeconds, IReadOnlyList<Note> Primer, IReadOnlyList<Note> Real)
{
    /// <summary>
    /// The <paramref name="primerSeconds"/> before <paramref name="cutSeconds"/> (notes still sounding at the cut end
    /// there) and the <paramref name="seconds"/> after it (notes starting in that window, ended at its close); null when
    /// the song is too short or either part has fewer than two notes.
    /// </summary>
    public static Excerpt? Cut(Song song, double cutSeconds, double primerSeconds, double seconds)
    {
        var from = cutSeconds - primerSeconds;
        var end = cutSeconds + seconds;
        if (song.Notes.Count == 0 || song.Notes.Max(n => n.End) < end)
        {
            return null;
        }

        var primer = Quantised(song.Notes
            .Where(n => n.Start >= from && n.Start < cutSeconds)
            .Select(n => new Note(n.Pitch, n.Velocity, n.Start - from, Math.Min(n.End, cutSeconds) - from)));
        var real = Quantised(song.Notes
            .Where(n => n.Start >= cutSeconds && n.Start < end)
            .Select(n => new Note(n.Pitch, n.Velocity, n.Start - from, Math.Min(n.End, end) - from)));
        return primer.Count < 2 || real.Count < 2 ? null : new Excerpt(song.Id, cutSeconds, primerSeconds, primer, real);
    }

    private static List<Note> Quantised(IEnumerable<Note> notes) =>
        PerformanceDecoder.Decode(PerformanceEncoder.Encode([.. notes]));
}
