using Improv.Evaluation.Report;
using Improv.Evaluation.ListeningTest;
using Improv.Music.Corpus;
using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Evaluation.Tests;

/// <summary>`improv-evaluate listen-test make` and `score` on the default model, the real corpus and hand-made answer files.</summary>
public sealed class ListenTestCommandTests : IDisposable
{
    private static readonly string Corpus = Repository.Pop909;
    private readonly string folder = Directory.CreateTempSubdirectory("improv-listen-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void PairsHoldTheSamePrimerAndTheKeyPointsAtTheSongsRealContinuation()
    {
        var kit = Path.Combine(folder, "kit");
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromMinutes(2), "listen-test", "make", "--corpus", Corpus,
            "--pairs", "2", "--seconds", "6", "--seed", "3", "--out", kit);
        Assert.True(exitCode == 0, printed);

        var key = AnswerKey.Read(kit + ".key.csv");
        Assert.Equal([1, 2], key.Pairs.Keys.Order());
        Assert.False(Directory.GetFiles(kit).Any(f => f.Contains("key", StringComparison.OrdinalIgnoreCase)), "the key must not be in the listener's folder");
        var songs = CorpusSplits.Of(CorpusLoader.Load(Corpus, TextWriter.Null)).Test.ToDictionary(s => s.Id);
        foreach (var entry in key.Pairs.Values)
        {
            var excerpt = Excerpt.Cut(songs[entry.Song], entry.CutSeconds, 30, 6)!;
            var fake = entry.Real == 'A' ? 'B' : 'A';
            var real = Notes(kit, entry.Pair, entry.Real);
            var generated = Notes(kit, entry.Pair, fake);
            AssertSame(excerpt.Primer, real.Where(n => n.Start < excerpt.PrimerSeconds).ToList());
            AssertSame(excerpt.Primer, generated.Where(n => n.Start < excerpt.PrimerSeconds).ToList());
            AssertSame(excerpt.Real, real.Where(n => n.Start >= excerpt.PrimerSeconds).ToList());
            Assert.Contains(generated, n => n.Start >= excerpt.PrimerSeconds);
            Assert.All(generated, n => Assert.True(n.End <= excerpt.PrimerSeconds + 6 + 0.002, $"a generated note runs to {n.End} s"));

            var wavLengths = new List<long>();
            foreach (var side in "AB")
            {
                var track = MidiFileReader.Read(PairFile(kit, entry.Pair, side, ".mid")).Tracks.Single(t => t.NoteCount > 0);
                Assert.Equal("Piano", track.Name);
                var wav = PairFile(kit, entry.Pair, side, ".wav");
                if (Synthesizer.Find() is null)
                {
                    Assert.Contains("MIDI only, no WAV", printed);
                    Assert.False(File.Exists(wav));
                }
                else
                {
                    var bytes = File.ReadAllBytes(wav);
                    Assert.True(bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) && bytes.Length > 44_100 * 4 * 30, $"{wav}: {bytes.Length} bytes, expected over 30 s of 44.1 kHz stereo");
                    wavLengths.Add(bytes.Length);
                }
            }

            // A file's length must not tell which one is real.
            Assert.True(wavLengths.Distinct().Count() <= 1, $"pair {entry.Pair}: WAV lengths {string.Join(", ", wavLengths)}");
        }

        var template = File.ReadAllLines(Path.Combine(kit, ListeningPairs.AnswersFile));
        Assert.Equal(["pair,real", "1,", "2,"], template);
    }

    [Fact]
    public void ScoreGivesTheExactBinomialPValue()
    {
        var key = WriteKey(10);
        // 8 of 10 right: the answer is the key's side for pairs 1-8, the other side for 9 and 10.
        var answers = Path.Combine(folder, "answers.csv");
        File.WriteAllLines(answers, ["pair,real", "# listener 1", .. Enumerable.Range(1, 10).Select(p => $"{p},{(p <= 8 ? Side(p) : Other(p))}")]);
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromSeconds(60), "listen-test", "score", answers, "--key", key);
        Assert.True(exitCode == 0, printed);

        // P(X >= 8) for X ~ Binomial(10, 1/2), from the binomial coefficients directly.
        var oneSided = (Choose(10, 8) + Choose(10, 9) + Choose(10, 10)) / 1024.0;
        Assert.Contains("judgements: 10, real one identified: 8", printed);
        Assert.Contains("identification rate: 0.800", printed);
        Assert.Contains($"one-sided (better than chance) p = {oneSided:G4}", printed);
        Assert.Contains($"two-sided p = {2 * oneSided:G4}", printed);
        Assert.Contains("did not tell", printed);
    }

    [Fact]
    public void AMalformedRowIsNamedWithItsFileAndLine()
    {
        var key = WriteKey(3);
        var answers = Path.Combine(folder, "my-answers.csv");
        File.WriteAllLines(answers, ["pair,real", "1,A", "", "2,C", "3,B"]);
        var (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromSeconds(60), "listen-test", "score", answers, "--key", key);
        Assert.Equal(1, exitCode);
        Assert.Contains($"{answers} line 4:", printed);
        Assert.Contains("'2,C'", printed);

        File.WriteAllLines(answers, ["pair,real", "7,A"]);
        (exitCode, printed) = ToolProcess.RunToEnd("improv-evaluate", TimeSpan.FromSeconds(60), "listen-test", "score", answers, "--key", key);
        Assert.Equal(1, exitCode);
        Assert.Contains($"{answers} line 2: pair 7 is not in the answer key", printed);
    }

    private static char Side(int pair) => pair % 3 == 0 ? 'B' : 'A';

    private static char Other(int pair) => Side(pair) == 'A' ? 'B' : 'A';

    private string WriteKey(int pairs)
    {
        var path = Path.Combine(folder, "kit.key.csv");
        File.WriteAllLines(path, [AnswerKey.Header, .. Enumerable.Range(1, pairs).Select(p => $"{p},{Side(p)},{p:000},60,{p}")]);
        return path;
    }

    private static double Choose(int n, int k) => k == 0 ? 1 : Choose(n - 1, k - 1) * n / k;

    private static string PairFile(string kit, int pair, char side, string extension) => Path.Combine(kit, $"pair-{pair:00}-{side}{extension}");

    private static List<Note> Notes(string kit, int pair, char side) => [.. MidiFileReader.Read(PairFile(kit, pair, side, ".mid")).Notes];

    /// <summary>Same notes in the same order, times equal to the MIDI file's tick resolution.</summary>
    private static void AssertSame(IReadOnlyList<Note> expected, IReadOnlyList<Note> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var sorted = actual.OrderBy(n => n, Comparer<Note>.Create(NoteOrder.Compare)).ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((expected[i].Pitch, expected[i].Velocity), (sorted[i].Pitch, sorted[i].Velocity));
            Assert.Equal(expected[i].Start, sorted[i].Start, 0.002);
            Assert.Equal(expected[i].End, sorted[i].End, 0.002);
        }
    }
}
