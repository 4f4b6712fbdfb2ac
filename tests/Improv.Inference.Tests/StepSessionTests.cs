using Improv.Inference.Model;
using Improv.Inference.Step;

namespace Improv.Inference.Tests;

/// <summary>The daemon's step engine on the bundled model in ONNX Runtime.</summary>
public class StepSessionTests(DefaultModelFixture bundled) : IClassFixture<DefaultModelFixture>
{
    [Fact]
    public void FeedAllocatesNothingAfterWarmUp()
    {
        var model = bundled.Package;
        using var session = new StepSession(model);
        var random = new Random(3);
        var tokens = Enumerable.Range(0, 2000).Select(_ => random.Next(session.VocabularySize)).ToArray();
        for (var i = 0; i < 50; i++)
        {
            session.Feed(tokens[i]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        float sum = 0;
        foreach (var token in tokens)
        {
            session.Feed(token);
            sum += session.Logits[token];
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(float.IsFinite(sum));
    }

    [Fact]
    public void SequenceGraphEndsInTheSteppedState()
    {
        var model = bundled.Package;
        using var stepped = new StepSession(model);
        using var warmed = new StepSession(model);
        var random = new Random(5);
        var primer = Enumerable.Range(0, 300).Select(_ => random.Next(stepped.VocabularySize)).ToArray();
        foreach (var token in primer)
        {
            stepped.Feed(token);
        }

        // Two calls, the second continuing from the first's state, must equal one run of single steps.
        warmed.WarmUp(primer.AsSpan(0, 120));
        warmed.WarmUp(primer.AsSpan(120));

        AssertClose(stepped.Hidden, warmed.Hidden);
        AssertClose(stepped.Cell, warmed.Cell);
        AssertClose(stepped.Logits, warmed.Logits);
        Assert.Contains(stepped.Hidden.ToArray(), v => Math.Abs(v) > 1e-3);
    }

    [Fact]
    public void ScoreGivesTheSteppedLogitsAtEveryPosition()
    {
        var model = bundled.Package;
        using var stepped = new StepSession(model);
        using var scored = new StepSession(model);
        int[] tokens = [388, 356 + 20, 60, 256 + 24, 188, 64, 256 + 24, 192];
        var logits = scored.Score(tokens);
        Assert.Equal(tokens.Length * scored.VocabularySize, logits.Length);
        for (var t = 0; t < tokens.Length; t++)
        {
            stepped.Feed(tokens[t]);
            AssertClose(stepped.Logits, logits.AsSpan(t * scored.VocabularySize, scored.VocabularySize));
        }
    }

    [Fact]
    public void ResetReturnsToTheStartingState()
    {
        var model = bundled.Package;
        using var session = new StepSession(model);
        session.Feed(60);
        var fromSilence = session.Logits.ToArray();
        session.Feed(70);
        session.Feed(300);
        session.Reset();
        Assert.All(session.Hidden.ToArray(), v => Assert.Equal(0f, v));
        session.Feed(60);
        Assert.Equal(fromSilence, session.Logits.ToArray());
    }

    [Fact]
    public void TokenOutsideTheVocabularyIsRefused()
    {
        var model = bundled.Package;
        using var session = new StepSession(model);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Feed(session.VocabularySize));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.WarmUp([1, -1]));
    }

    /// <summary>Within 1e-4, relative beyond magnitude 1: a trained model's cells can count up into the hundreds.</summary>
    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"index {i}: {expected[i]} vs {actual[i]}");
        }
    }
}

/// <summary>The daemon loads the step graph only: it steps as the full load does, and still checks the other file.</summary>
public sealed class StepOnlyLoadTests : IDisposable
{
    private readonly TemporaryFolder scratch = new("improv-step-only-");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void SteppingOnly_GivesTheFullLoadsLogits_AndRefusesAPrimerSayingWhy()
    {
        using var full = ModelPackage.Load(Repository.DefaultModel);
        using var stepOnly = ModelPackage.Load(Repository.DefaultModel, ModelGraphs.StepOnly);
        using var a = new StepSession(full);
        using var b = new StepSession(stepOnly);
        int[] tokens = [a.Vocabulary.StartToken, 60, 612 + 20, 540, 60 + 256];
        foreach (var token in tokens)
        {
            a.Feed(token);
            b.Feed(token);
        }

        Assert.Equal(a.Logits.ToArray(), b.Logits.ToArray());
        var error = Assert.Throws<InvalidOperationException>(() => b.WarmUp(tokens));
        Assert.Contains("loaded for stepping only", error.Message);
        a.WarmUp(tokens);
    }

    [Fact]
    public void SteppingOnly_StillRefusesACorruptSequenceGraph()
    {
        var model = ModelCopy.OfDefault(scratch.Path);
        var path = Path.Combine(model, "sequence.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelRejectedException>(() => ModelPackage.Load(model, ModelGraphs.StepOnly));
        Assert.Contains("checksum of sequence.onnx fails", error.Message);
    }
}
