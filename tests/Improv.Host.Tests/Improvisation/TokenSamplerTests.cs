using Improv.Host.Improvisation;

namespace Improv.Host.Tests.Improvisation;

public class TokenSamplerTests
{
    private static readonly float[] Logits = [2.0f, 1.0f, 0.5f, -1.0f, 3.0f, 0.0f];

    private static bool[] AllowAll() => Enumerable.Repeat(true, Logits.Length).ToArray();

    [Fact]
    public void FrequenciesFollowTheSoftmaxAtTemperatureOne()
    {
        var sampler = new TokenSampler(Logits.Length, seed: 7);
        var counts = new int[Logits.Length];
        const int draws = 60_000;
        for (var i = 0; i < draws; i++)
        {
            counts[sampler.Sample(Logits, AllowAll(), temperature: 1f, topP: 1f)]++;
        }

        var exp = Logits.Select(l => Math.Exp(l)).ToArray();
        for (var token = 0; token < Logits.Length; token++)
        {
            var expected = exp[token] / exp.Sum();
            var observed = counts[token] / (double)draws;
            var standardError = Math.Sqrt(expected * (1 - expected) / draws);
            Assert.True(Math.Abs(observed - expected) < 5 * standardError,
                $"token {token}: observed {observed:F4}, softmax {expected:F4}");
        }
    }

    [Fact]
    public void LowTemperatureIsGreedyAmongAllowedTokens()
    {
        var sampler = new TokenSampler(Logits.Length, seed: 1);
        var allowed = AllowAll();
        allowed[4] = false;
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(0, sampler.Sample(Logits, allowed, temperature: 0.01f, topP: 1f));
        }
    }

    [Fact]
    public void NucleusKeepsOnlyTheMostLikelyTokensThatHoldTheMass()
    {
        var sampler = new TokenSampler(Logits.Length, seed: 3);
        var exp = Logits.Select(l => Math.Exp(l)).ToArray();
        var topTwoMass = (exp[4] + exp[0]) / exp.Sum();
        var seen = new HashSet<int>();
        for (var i = 0; i < 5_000; i++)
        {
            seen.Add(sampler.Sample(Logits, AllowAll(), temperature: 1f, topP: (float)topTwoMass - 0.01f));
        }

        Assert.Equal(new HashSet<int> { 4, 0 }, seen);
    }

    [Fact]
    public void MaskedTokensAreNeverDrawnAndAnEmptyMaskSaysSo()
    {
        var sampler = new TokenSampler(Logits.Length, seed: 5);
        var allowed = new bool[Logits.Length];
        allowed[3] = allowed[5] = true;
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Contains(sampler.Sample(Logits, allowed, temperature: 2f, topP: 0.9f), new[] { 3, 5 });
        }

        Assert.Equal(-1, sampler.Sample(Logits, new bool[Logits.Length], temperature: 1f, topP: 1f));
    }

    [Fact]
    public void TheSameSeedDrawsTheSameSequence()
    {
        int[] Draw(int seed)
        {
            var sampler = new TokenSampler(Logits.Length, seed);
            return Enumerable.Range(0, 500).Select(_ => sampler.Sample(Logits, AllowAll(), 1.3f, 0.95f)).ToArray();
        }

        Assert.Equal(Draw(42), Draw(42));
        Assert.NotEqual(Draw(42), Draw(43));
    }

    [Fact]
    public void SamplingAllocatesNothing()
    {
        var sampler = new TokenSampler(390, seed: 9);
        var logits = Enumerable.Range(0, 390).Select(i => MathF.Sin(i)).ToArray();
        var allowed = Enumerable.Repeat(true, 390).ToArray();
        sampler.Sample(logits, allowed, 1f, 0.9f);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            sampler.Sample(logits, allowed, 1f, 0.9f);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
