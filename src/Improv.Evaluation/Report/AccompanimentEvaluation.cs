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
    public static AccompanimentReport? Run(StepSession session, IReadOnlyList<Song> songs, string style, int seed, int maxSongs, double maxSeconds)
    {
        var vocabulary = session.Vocabulary;
        if (!vocabulary.Has(Part.Accompaniment))
            return null;
        var pieces = songs
            .Select(song => (Song: song, song.Beats,
                Lead: song.Notes.Where(n => n.Part == Part.Lead && n.End <= maxSeconds).ToArray(),
                Accompaniment: song.Notes.Where(n => n.Part == Part.Accompaniment && n.End <= maxSeconds).ToArray()))
            .Where(p => p.Lead.Length >= 2 && p.Accompaniment.Length >= 2)
            .Take(maxSongs > 0 ? maxSongs : int.MaxValue)
            .ToArray();
        if (pieces.Length < 2)
            return null;

        var rows = new List<AccompanimentSample>();
        double nllTotal = 0;
        long nllTokens = 0;
        for (var i = 0; i < pieces.Length; i++)
        {
            var (song, pieceBeats, lead, real) = pieces[i];
            var other = pieces[(i + 1) % pieces.Length].Accompaniment;
            session.Reset();
            var voice = new ModelVoice(session, seed + i, role: new VoiceRole(Part.Lead, Part.Accompaniment, style));
            var played = Continuation.Accompany(voice, lead);
            rows.Add(new AccompanimentSample(song.Id, seed + i, lead.Length, real.Length, played.Count,
                AccompanimentFit.NoteInChordRatio(lead, played), AccompanimentFit.NoteInChordRatio(lead, real), AccompanimentFit.NoteInChordRatio(lead, other),
                AccompanimentFit.OnsetAlignment(lead, played, pieceBeats), AccompanimentFit.OnsetAlignment(lead, real, pieceBeats),
                AccompanimentFit.OnsetAlignment(lead, other, pieceBeats),
                AccompanimentFit.SoundingShare(lead, played), AccompanimentFit.SoundingShare(lead, real)));

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

        double Mean(Func<AccompanimentSample, double> measure) => rows.Select(measure).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        return new AccompanimentReport(rows.Count, style, maxSeconds,
            Mean(r => r.ModelNoteInChord), Mean(r => r.RealNoteInChord), Mean(r => r.OtherNoteInChord),
            Mean(r => r.ModelOnsetAlignment), Mean(r => r.RealOnsetAlignment), Mean(r => r.OtherOnsetAlignment),
            nllTokens == 0 ? double.NaN : nllTotal / nllTokens, nllTokens, rows)
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

/// <summary>One piece's accompaniment measures.</summary>
public sealed record AccompanimentSample(string Song, int Seed, int LeadNotes, int RealNotes, int ModelNotes,
    double ModelNoteInChord, double RealNoteInChord, double OtherNoteInChord,
    double ModelOnsetAlignment, double RealOnsetAlignment, double OtherOnsetAlignment,
    double ModelSoundingShare = double.NaN, double RealSoundingShare = double.NaN);
