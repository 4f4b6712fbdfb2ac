using Improv.Host.Evaluation;
using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Host.ListeningTest;

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
    public static AnswerKey Make(IReadOnlyList<ContinuedExcerpt> continued, string folder, string keyPath, int seed,
        Synthesizer? synthesizer, TextWriter progress)
    {
        Directory.CreateDirectory(folder);
        var coin = new Random(seed);
        var entries = new Dictionary<int, AnswerKey.Entry>();
        var width = Math.Max(2, continued.Count.ToString().Length);
        for (var i = 0; i < continued.Count; i++)
        {
            var pair = i + 1;
            var c = continued[i];
            var primer = c.Excerpt.Primer;
            // The model starts when the primer's last note ends, the song at the cut: both continuations start at the cut.
            var shift = c.Excerpt.PrimerSeconds - primer.Max(n => n.End);
            var generated = c.Generated.Select(n => n with { Start = n.Start + shift, End = n.End + shift }).ToList();
            var real = coin.Next(2) == 0 ? 'A' : 'B';
            foreach (var side in "AB")
            {
                var name = $"pair-{pair.ToString().PadLeft(width, '0')}-{side}";
                var notes = primer.Concat(side == real ? c.Excerpt.Real : generated).ToList();
                notes.Sort(NoteOrder.Compare);
                var midi = Path.Combine(folder, name + ".mid");
                MidiFileWriter.Write(midi, [new NoteTrack("Piano", notes)]);
                synthesizer?.Render(midi, Path.Combine(folder, name + ".wav"));
            }

            entries[pair] = new AnswerKey.Entry(pair, real, c.Excerpt.SongId, c.Excerpt.CutSeconds, c.Seed);
            progress.WriteLine($"improv listen-test: pair {pair} of {continued.Count} written");
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
