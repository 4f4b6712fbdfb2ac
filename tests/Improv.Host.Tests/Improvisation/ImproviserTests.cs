using System.Diagnostics;
using System.Diagnostics.Metrics;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Telemetry;
using Improv.Music.Notes;
using Microsoft.Extensions.DependencyInjection;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// The improviser on a simulated clock with the bundled default model in ONNX Runtime: a POP909 test-split call goes in
/// as timed events, the handling loop's ticks come as on a loaded machine (mostly every millisecond, now and then after
/// a stall of up to 200 ms), and what it plans is read from the output schedule in the order the scheduler thread would
/// send it. No JACK here, so the timing is exact and repeatable.
/// </summary>
public sealed class ImproviserTests(DefaultModelFixture model) : IClassFixture<DefaultModelFixture>
{
    private const double MaxStallSeconds = 0.2;

    private static readonly long Frequency = Stopwatch.Frequency;

    /// <summary>24 seeds with the default longest note, 24 with notes ended at 100 ms, so the longest-note rule acts all along.</summary>
    public static TheoryData<int, int> SeedsAndLongestNotes()
    {
        var data = new TheoryData<int, int>();
        foreach (var seed in Enumerable.Range(1, 24))
        {
            data.Add(seed, 4000);
            data.Add(seed, 100);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedsAndLongestNotes))]
    public void EveryAnswerNoteLastsAtLeastTheShortestLengthAllowed_EvenWhereTheAnswerEnds(int seed, int longestNoteMilliseconds)
    {
        var options = new ImprovisationOptions
        {
            Seed = seed, MinAnswerSeconds = 1, MaxAnswerSeconds = 2, MaxNoteMilliseconds = longestNoteMilliseconds,
        };
        var planned = Perform(options, PlayerScript.TestSplitPhrase(12), seconds: 6);

        var answer = planned.Where(e => e.Kind is LiveEventKind.NoteOn or LiveEventKind.NoteOff).ToList();
        Assert.Contains(answer, e => e.Kind == LiveEventKind.NoteOn);
        var shortest = options.MinNoteMilliseconds / 1000.0;
        var started = new Dictionary<int, long>();
        foreach (var e in answer)
        {
            if (e.Kind == LiveEventKind.NoteOn)
            {
                Assert.True(started.TryAdd(e.Key, e.Time), $"note {e.Key} started again while sounding");
            }
            else
            {
                Assert.True(started.Remove(e.Key, out var on), $"note {e.Key} ended without sounding");
                var length = (e.Time - on) / (double)Frequency;
                Assert.True(length >= shortest - 1e-6, $"seed {seed}: note {e.Key} lasted {length * 1000:0.0} ms, less than {shortest * 1000} ms");
            }
        }

        Assert.Empty(started);
        // The answer still keeps to its length: it ends once that has passed, at the next tick (a stall at most late).
        var lasted = (answer[^1].Time - answer[0].Time) / (double)Frequency;
        Assert.True(lasted <= options.MaxAnswerSeconds + MaxStallSeconds, $"seed {seed}: the answer lasted {lasted:0.000} s");
    }

    /// <summary>
    /// Plays the phrase into an improviser (call and response) and ticks it for <paramref name="seconds"/>, one tick in
    /// five after a stall; returns what it planned, ordered by due time, ties in the order planned.
    /// </summary>
    private List<LiveEvent> Perform(ImprovisationOptions options, IReadOnlyList<Note> phrase, double seconds)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new ImprovMetrics(services.GetRequiredService<IMeterFactory>());
        var voice = new ModelVoice(model.FreshSession(), options.Seed!.Value) { Steering = Steering.From(options) };
        var improviser = new Improviser(new PlayingModel(voice, model), options, ImprovisationMode.CallAndResponse, originTicks: 0);
        var schedule = new OutputSchedule(metrics);
        var stalls = new Random(options.Seed!.Value);
        return SimulatedClock.Perform(improviser, schedule, SimulatedClock.Played(phrase), seconds,
            () => SimulatedClock.Ticks(stalls.Next(5) == 0 ? stalls.Next(5, (int)(MaxStallSeconds * 1000)) / 1000.0 : 0.001));
    }
}
