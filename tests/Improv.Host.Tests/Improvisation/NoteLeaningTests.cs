using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Notes;
using Xunit.Abstractions;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// Density and register knobs on the bundled model's distribution, offline after a real POP909 test-split primer: off by
/// default (the model's logits untouched, so the same seed plays the same notes), and each knob moves what Improv plays
/// the way it is turned.
/// </summary>
public sealed class NoteLeaningTests(ITestOutputHelper output)
{
    private const double Seconds = 20;

    [Fact]
    public void ByDefault_TheLogitsPassUntouched_AndTheSameSeedPlaysTheSameNotes()
    {
        using var model = ModelPackage.Load(PlayerScript.DefaultModel);
        using var session = new StepSession(model);
        session.Feed(session.Vocabulary.StartToken);
        var leaning = new NoteLeaning(session.Vocabulary);
        leaning.Struck(0.5);

        var leaned = leaning.Apply(session.Logits, new Steering(), 1.0);

        Assert.True(leaned == session.Logits, "the default steering copied or changed the logits");
        var plain = Play(new Steering(), seed: 9);
        var again = Play(new Steering { Density = 0, Register = 0 }, seed: 9);
        Assert.Equal(plain, again);
        // The knobs do act on the same seed (so the equality above is not for want of a path through them).
        Assert.NotEqual(plain, Play(new Steering { Register = 40 }, seed: 9));
    }

    [Fact]
    public void Density_PlaysMoreNotesPerSecond_WhenTurnedUp()
    {
        var sparse = Play(new Steering { Density = 1 }, seed: 2).Count / Seconds;
        var dense = Play(new Steering { Density = 14 }, seed: 2).Count / Seconds;
        var model = Play(new Steering(), seed: 2).Count / Seconds;

        output.WriteLine($"notes per second: density 1 -> {sparse:0.00}, off -> {model:0.00}, density 14 -> {dense:0.00}");
        Assert.True(sparse < model && model < dense, $"density 1: {sparse:0.00}, off: {model:0.00}, density 14: {dense:0.00} notes/s");
        // Turned down, it comes at least halfway from the model's own rate to the rate asked.
        Assert.True(sparse - 1 < (model - 1) / 2, $"density 1 played {sparse:0.00} notes/s");
    }

    [Fact]
    public void Register_MovesTheNotesTowardsItsCentre()
    {
        var low = Play(new Steering { Register = 40 }, seed: 3).Average(n => n.Pitch);
        var high = Play(new Steering { Register = 84 }, seed: 3).Average(n => n.Pitch);
        var model = Play(new Steering(), seed: 3).Average(n => n.Pitch);

        output.WriteLine($"mean pitch: register 40 -> {low:0.0}, off -> {model:0.0}, register 84 -> {high:0.0}");
        Assert.True(low < model && model < high, $"register 40: {low:0.0}, off: {model:0.0}, register 84: {high:0.0}");
        // Each comes at least halfway from the model's own register to the centre asked.
        Assert.True(Math.Abs(low - 40) < Math.Abs(model - 40) / 2, $"register 40: mean pitch {low:0.0}");
        Assert.True(Math.Abs(high - 84) < Math.Abs(model - 84) / 2, $"register 84: mean pitch {high:0.0}");
    }

    /// <summary>Improv's notes in the <see cref="Seconds"/> after the first test-split phrase, under <paramref name="steering"/>.</summary>
    private static List<Note> Play(Steering steering, int seed)
    {
        using var model = ModelPackage.Load(PlayerScript.DefaultModel);
        using var session = new StepSession(model);
        var voice = new ModelVoice(session, seed) { Steering = steering };
        return Continuation.Generate(voice, PlayerScript.TestSplitPhrase(24), Seconds);
    }
}
