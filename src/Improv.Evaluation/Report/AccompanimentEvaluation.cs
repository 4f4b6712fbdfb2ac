using Improv.Host.Improvisation;
using Improv.Inference.Step;
using Improv.Music.Corpus;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Evaluation.Report;

/// <summary>
/// The accompaniment measure of a two-part model: given the real lead of each test piece, the model plays the
/// accompaniment under it (<see cref="Continuation.Accompany"/>, committing at each moment before it hears the lead
/// then), and its harmony and timing are set between two baselines: the piece's real accompaniment (the ceiling) and
/// another piece's (the floor). The real accompaniment's tokens are also scored, so the likelihood of what an
/// accompanist really played is a number too.
/// </summary>
public static class AccompanimentEvaluation
{
    /// <summary>Runs over the songs that have both parts; null when fewer than two do (or the model has one part).</summary>
    public static AccompanimentReport? Run(StepSession session, IReadOnlyList<Song> songs, string style, int seed, int maxSongs, double maxSeconds, Steering steering)
    {
        var vocabulary = session.Vocabulary;
        if (!vocabulary.Has(Part.Accompaniment))
            return null;
        var pieces = Pieces(songs, maxSongs, maxSeconds);
        if (pieces.Count < 2)
            return null;

        var rows = new List<AccompanimentSample>();
        double nllTotal = 0;
        long nllTokens = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            var (_, lead, real) = pieces[i];
            var played = Play(session, pieces[i], style, seed + i, steering);
            rows.Add(Measure(pieces, i, seed + i, played));

            // The accompanist's part first at every step, as the model plays it live.
            var tokens = PerformanceEncoder.EncodePiece([.. lead, .. real], vocabulary, style, PartOrder.First(Part.Accompaniment));
            session.Reset();
            var logits = session.Score(tokens.AsSpan(0, tokens.Length - 1));
            for (var t = 1; t < tokens.Length; t++)
            {
                if (vocabulary.KindOf(tokens[t]) is TokenKind.NoteOn or TokenKind.NoteOff && vocabulary.PartOf(tokens[t]) == Part.Accompaniment)
                {
                    nllTotal -= Nll.LogProbability(logits.AsSpan((t - 1) * session.VocabularySize, session.VocabularySize), tokens[t]);
                    nllTokens++;
                }
            }
        }

        return Report(rows, style, maxSeconds, nllTokens == 0 ? double.NaN : nllTotal / nllTokens, nllTokens);
    }

    /// <summary>
    /// The pieces measured, in id order: the first <paramref name="maxSongs"/> (0: all) whose lead and accompaniment
    /// each have at least two notes ending by <paramref name="maxSeconds"/>; the notes beyond it are left out.
    /// </summary>
    public static IReadOnlyList<AccompaniedPiece> Pieces(IReadOnlyList<Song> songs, int maxSongs, double maxSeconds) => songs
        .Select(song => new AccompaniedPiece(song,
            [.. song.Notes.Where(n => n.Part == Part.Lead && n.End <= maxSeconds)],
            [.. song.Notes.Where(n => n.Part == Part.Accompaniment && n.End <= maxSeconds)]))
        .Where(p => p.Lead.Count >= 2 && p.Accompaniment.Count >= 2)
        .Take(maxSongs > 0 ? maxSongs : int.MaxValue)
        .ToArray();

    /// <summary>The model's accompaniment of a piece offline, under its real lead, from a fresh state.</summary>
    public static List<Note> Play(StepSession session, AccompaniedPiece piece, string style, int seed, Steering steering)
    {
        session.Reset();
        var voice = new ModelVoice(session, seed, role: new VoiceRole(Part.Lead, Part.Accompaniment, style)) { Steering = steering };
        return Continuation.Accompany(voice, piece.Lead);
    }

    /// <summary>
    /// The measures of <paramref name="played"/> under piece <paramref name="index"/>'s lead, beside its real
    /// accompaniment and the next piece's (the floor).
    /// </summary>
    public static AccompanimentSample Measure(IReadOnlyList<AccompaniedPiece> pieces, int index, int seed, IReadOnlyList<Note> played)
    {
        var (song, lead, real) = pieces[index];
        var other = pieces[(index + 1) % pieces.Count].Accompaniment;
        var beats = song.Beats;
        return new AccompanimentSample(song.Id, seed, lead.Count, real.Count, played.Count,
            AccompanimentFit.NoteInChordRatio(lead, played), AccompanimentFit.NoteInChordRatio(lead, real), AccompanimentFit.NoteInChordRatio(lead, other),
            AccompanimentFit.OnsetAlignment(lead, played, beats), AccompanimentFit.OnsetAlignment(lead, real, beats),
            AccompanimentFit.OnsetAlignment(lead, other, beats),
            AccompanimentFit.SoundingShare(lead, played), AccompanimentFit.SoundingShare(lead, real));
    }

    /// <summary>The means over <paramref name="rows"/>.</summary>
    public static AccompanimentReport Report(IReadOnlyList<AccompanimentSample> rows, string style, double maxSeconds, double realNllPerToken, long realTokens)
    {
        double Mean(Func<AccompanimentSample, double> measure) => rows.Select(measure).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        return new AccompanimentReport(rows.Count, style, maxSeconds,
            Mean(r => r.ModelNoteInChord), Mean(r => r.RealNoteInChord), Mean(r => r.OtherNoteInChord),
            Mean(r => r.ModelOnsetAlignment), Mean(r => r.RealOnsetAlignment), Mean(r => r.OtherOnsetAlignment),
            realNllPerToken, realTokens, rows)
        {
            ModelSoundingShare = Mean(r => r.ModelSoundingShare),
            RealSoundingShare = Mean(r => r.RealSoundingShare),
        };
    }
}

/// <summary>
/// Means over the pieces of the note-in-chord ratio and the onset alignment (within 30 ms of a lead onset or a beat)
/// of the model's accompaniment, the real one and another piece's, and the NLL per real accompaniment note token.
/// </summary>
public sealed record AccompanimentReport(int Pieces, string Style, double Seconds,
    double ModelNoteInChord, double RealNoteInChord, double OtherNoteInChord,
    double ModelOnsetAlignment, double RealOnsetAlignment, double OtherOnsetAlignment,
    double RealAccompanimentNllPerToken, long RealAccompanimentTokens, IReadOnlyList<AccompanimentSample> Samples)
{
    /// <summary>Mean share of the lead's span during which the model's accompaniment sounds (the goal is 0.8 or more).</summary>
    public double ModelSoundingShare { get; init; } = double.NaN;

    /// <summary>The same for the real accompaniment.</summary>
    public double RealSoundingShare { get; init; } = double.NaN;

    /// <summary>The model's note-in-chord ratio as a share of the real accompaniment's (the goal is 0.9 or more).</summary>
    public double NoteInChordShareOfReal => ModelNoteInChord / RealNoteInChord;
}

/// <summary>A piece whose accompaniment is played under its lead: the song (for its id and beats) and both parts, cut to the measured length.</summary>
public sealed record AccompaniedPiece(Song Song, IReadOnlyList<Note> Lead, IReadOnlyList<Note> Accompaniment);

/// <summary>One piece's accompaniment measures.</summary>
public sealed record AccompanimentSample(string Song, int Seed, int LeadNotes, int RealNotes, int ModelNotes,
    double ModelNoteInChord, double RealNoteInChord, double OtherNoteInChord,
    double ModelOnsetAlignment, double RealOnsetAlignment, double OtherOnsetAlignment,
    double ModelSoundingShare = double.NaN, double RealSoundingShare = double.NaN);
