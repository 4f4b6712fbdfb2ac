using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Midi;
using Improv.Music.Tokens;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// The model's voice on the bundled default model in ONNX Runtime: the real-time path allocates nothing, and offline
/// (`improv generate`'s <see cref="Continuation"/>) it follows the live path's rules.
/// </summary>
public sealed class ModelVoiceTests : IDisposable
{
    private readonly ModelPackage model = ModelPackage.Load(PlayerScript.DefaultModel);
    private readonly StepSession session;

    public ModelVoiceTests() => session = new StepSession(model);

    public void Dispose()
    {
        session.Dispose();
        model.Dispose();
    }

    [Fact]
    public void HearingAndPlayingAllocateNothing()
    {
        var voice = new ModelVoice(session, seed: 4);
        var seconds = 0.0;
        void Perform(int rounds)
        {
            for (var round = 0; round < rounds; round++)
            {
                seconds += 0.25;
                voice.Hear(60 + round % 12, 90, seconds);
                voice.Hear(60 + round % 12, 0, seconds + 0.1);
                while (voice.TryNext(seconds + 0.2, out _))
                {
                }

                while (voice.TryEndOverlong(seconds + 0.2, out _))
                {
                }
            }
        }

        Perform(20);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Perform(200);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void NothingIsDueByATimeTheVoiceHasAlreadyPassed()
    {
        // The improviser asks for no note later than the shortest note length before an answer ends; a voice that has
        // moved past that moment (an overlong note ended, a player's note heard) must not start one all the same.
        var phrase = PlayerScript.TestSplitPhrase(12);
        var end = phrase.Max(n => n.End);
        for (var seed = 1; seed <= 20; seed++)
        {
            var voice = new ModelVoice(session, seed);
            foreach (var (pitch, velocity, seconds) in phrase
                .SelectMany(n => new[] { (n.Pitch, n.Velocity, n.Start), (n.Pitch, 0, n.End) })
                .OrderBy(e => e.Item3))
            {
                voice.Hear(pitch, velocity, seconds);
            }

            // A chord struck: the model's likeliest next move is a note of its own at the same moment.
            voice.Hear(48, 90, end + 0.5);
            voice.Hear(55, 90, end + 0.5);
            Assert.False(voice.TryNext(end, out var early), $"seed {seed}: a note at {early.Seconds:0.00} s was due by {end:0.00} s");
        }
    }

    [Fact]
    public void ItsNotesNeverOverlapOnOnePitchAndAlwaysEnd()
    {
        var voice = new ModelVoice(session, seed: 8) { Steering = new Steering { MaxPolyphony = 3 } };
        var sounding = new HashSet<int>();
        var played = 0;
        for (var wake = 0.0; wake < 20; wake = Math.Max(voice.WakeSeconds, wake + 0.01))
        {
            while (voice.TryNext(wake, out var next))
            {
                Assert.True(next.IsNoteOn ? sounding.Add(next.Pitch) : sounding.Remove(next.Pitch), $"{next}");
                Assert.InRange(sounding.Count, 0, 3);
                played += next.IsNoteOn ? 1 : 0;
            }
        }

        while (voice.TryEndAny(voice.Seconds, out var ended))
        {
            Assert.True(sounding.Remove(ended.Pitch));
        }

        Assert.Empty(sounding);
        Assert.True(played > 0);
    }

    [Theory]
    [InlineData(0.3, 1)]
    [InlineData(0.5, 2)]
    public void NoNoteOutlastsTheLongestAllowed(double maxNoteSeconds, int seed)
    {
        var primer = MidiFileReader.Read(Directory.GetFiles(Path.Combine(PlayerScript.Repository, "data", "pop909", "POP909",
            File.ReadLines(Path.Combine(PlayerScript.Repository, "data", "pop909", "splits", "test.txt")).First().Trim()), "*.mid").First())
            .Notes.Where(n => n.Start < 8).ToList();
        var voice = new ModelVoice(session, seed) { Steering = new Steering { MaxNoteSeconds = maxNoteSeconds, MinNoteSeconds = 0.03 } };

        var played = Continuation.Generate(voice, primer, seconds: 30);

        // Live, a note is ended at the first tick after its limit; offline at the limit itself, on the 10 ms token grid.
        var tooLong = played.Where(n => n.Duration > maxNoteSeconds + Vocabulary.TimeStepSeconds).ToList();
        Assert.True(played.Count > 20, $"only {played.Count} notes in 30 s");
        Assert.True(tooLong.Count == 0, $"{tooLong.Count} of {played.Count} notes outlast {maxNoteSeconds} s, e.g. {string.Join(", ", tooLong.Take(5))}");
        // The limit did bite: the model would have held some notes longer.
        Assert.Contains(played, n => n.Duration > maxNoteSeconds - 2 * Vocabulary.TimeStepSeconds);
    }
}
