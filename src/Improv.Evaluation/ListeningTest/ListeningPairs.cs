using Improv.Evaluation.Report;
using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Evaluation.ListeningTest;

/// <summary>
/// Writes a blinded listening test: per pair, the same primer followed once by the song's real continuation and
/// once by Improv's, as pair-NN-A and pair-NN-B in shuffled order (MIDI, and WAV when FluidSynth is installed).
/// Both files are alike in everything but the continuation: one track named "Piano" on channel 1, the tokenizer's
/// timing and velocity resolution, the continuation starting at the same moment and lasting as long.
/// </summary>
public static class ListeningPairs
{
    public const string AnswersFile = "answers.csv";
    public const string InstructionsFile = "README.txt";

    /// <summary>Writes the listener's folder and the key; returns the key. The pairs come from songs drawn with <paramref name="seed"/>.</summary>
    public static AnswerKey Make(IReadOnlyList<ContinuedExcerpt> continued, double seconds, string folder, string keyPath, int seed,
        Synthesizer? synthesizer, TextWriter progress)
    {
        Directory.CreateDirectory(folder);
        // Not the generator that drew the songs: the A/B order must not follow from which songs were drawn.
        var coin = new Random(HashCode.Combine(seed, "A/B"));
        var entries = new Dictionary<int, AnswerKey.Entry>();
        var width = Math.Max(2, continued.Count.ToString().Length);
        for (var i = 0; i < continued.Count; i++)
        {
            var pair = i + 1;
            var c = continued[i];
            var primer = c.Excerpt.Primer;
            // The model starts when the primer's last note ends, the song at the cut: both continuations start at the
            // cut, and both end by its length (the real one is cut there; the model's last notes may ring a little longer).
            var shift = c.Excerpt.PrimerSeconds - primer.Max(n => n.End);
            var end = c.Excerpt.PrimerSeconds + seconds;
            var generated = c.Generated
                .Select(n => n with { Start = n.Start + shift, End = Math.Min(n.End + shift, end) })
                .Where(n => n.End > n.Start)
                .ToList();
            var real = coin.Next(2) == 0 ? 'A' : 'B';
            string PairFile(char side, string extension) => Path.Combine(folder, $"pair-{pair.ToString().PadLeft(width, '0')}-{side}{extension}");
            foreach (var side in "AB")
            {
                var notes = primer.Concat(side == real ? c.Excerpt.Real : generated).ToList();
                notes.Sort(NoteOrder.Compare);
                MidiFileWriter.Write(PairFile(side, ".mid"), [new NoteTrack("Piano", notes)]);
            }

            synthesizer?.RenderPair(PairFile('A', ".mid"), PairFile('B', ".mid"), PairFile('A', ".wav"), PairFile('B', ".wav"));

            entries[pair] = new AnswerKey.Entry(pair, real, c.Excerpt.SongId, c.Excerpt.CutSeconds, c.Seed);
            progress.WriteLine($"improv-evaluate listen-test: pair {pair} of {continued.Count} written");
        }

        File.WriteAllLines(Path.Combine(folder, AnswersFile),
            [ListeningScore.AnswersHeader, .. Enumerable.Range(1, continued.Count).Select(p => $"{p},")]);
        File.WriteAllText(Path.Combine(folder, InstructionsFile), Instructions(continued, synthesizer is not null));
        var key = new AnswerKey(entries);
        var keyFolder = Path.GetDirectoryName(Path.GetFullPath(keyPath));
        if (keyFolder is not null)
        {
            Directory.CreateDirectory(keyFolder);
        }

        key.Write(keyPath);
        return key;
    }

    private static string Instructions(IReadOnlyList<ContinuedExcerpt> continued, bool wav)
    {
        var e = continued[0].Excerpt;
        return $"""
            Listening test: which one is the real music?

            Each pair (pair-01-A and pair-01-B, ...) starts with the same {e.PrimerSeconds:0} s of a pop song. Then one file
            goes on as the song really does, the other as Improv (a computer) continued it, for the same length.
            Listen to both files of a pair{(wav ? " (.wav; the .mid files are the same music as MIDI)" : " (.mid files: open them in any MIDI player or DAW with a piano sound)")},
            then write A or B after the pair number in {AnswersFile}: the file you believe is the REAL music. Guess when unsure.

                pair,real
                1,A
                2,B

            Several listeners: each appends their own rows (one row = one judgement). Do not open the answer key.
            """;
    }
}
