using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Tokens;
using Xunit.Abstractions;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// The accompaniment locking onto the player's pulse (<see cref="PulseLeaning"/>, Improv:Improvisation:PulseLock): the
/// grid it reads from the player's onsets, how it leans the logits, and what it does to the bundled model's
/// accompaniment of real POP909 test melodies.
/// </summary>
public sealed class PulseLeaningTests(ITestOutputHelper output)
{
    [Fact]
    public void ThePulse_IsTheMedianInterOnsetInterval_WithChordsAndPausesLeftOut()
    {
        var pulse = new PulseLeaning(PlayerScript.DefaultVocabulary());
        // Eighths at 0.25 s, one chord (two keys 10 ms apart), one quarter, one long pause.
        foreach (var onset in new[] { 0.0, 0.25, 0.26, 0.5, 0.75, 1.25, 1.5, 4.0, 4.25 })
        {
            pulse.Heard(onset);
        }

        Assert.Equal(0.25, pulse.Pulse, precision: 9);
        // On the grid right after the last onset and at every pulse after it; between, the wait to the next point.
        Assert.Equal(0, pulse.UntilGrid(4.26));
        Assert.Equal(0, pulse.UntilGrid(4.5));
        Assert.Equal(0.1, pulse.UntilGrid(4.65), precision: 9);
        Assert.True(double.IsNaN(new PulseLeaning(PlayerScript.DefaultVocabulary()).UntilGrid(1.0)), "a grid before the player played");
    }

    [Fact]
    public void OffTheGrid_NotesLeanDown_AndTheWaitToTheNextPointLeansUp_OnTheGridNothingChanges()
    {
        var vocabulary = PlayerScript.DefaultVocabulary();
        var pulse = new PulseLeaning(vocabulary);
        foreach (var onset in new[] { 0.0, 0.5, 1.0 })
        {
            pulse.Heard(onset);
        }

        var logits = new float[vocabulary.Size];
        Assert.True(pulse.Apply(logits, 4, 1.5) == logits, "on the grid the logits were copied or changed");
        Assert.True(pulse.Apply(logits, 0, 1.2) == logits, "turned off, the logits were copied or changed");

        var leaned = pulse.Apply(logits, 4, 1.2).ToArray();

        Assert.Equal(-4 * PulseLeaning.NoteShare, leaned[vocabulary.NoteOn(60, Part.Accompaniment)]);
        Assert.Equal(0, leaned[vocabulary.NoteOff(60, Part.Accompaniment)]);
        // 0.3 s to the next grid point (1.5 s), give or take the 20 ms tolerance: waits of 28 to 32 steps.
        Assert.Equal(0, leaned[vocabulary.TimeShift(27)]);
        Assert.All(Enumerable.Range(28, 5), steps => Assert.Equal(4, leaned[vocabulary.TimeShift(steps)]));
        Assert.Equal(0, leaned[vocabulary.TimeShift(33)]);
    }

    [Fact]
    public void UnderTestMelodies_MoreOfTheAccompanimentsOnsetsMeetAMelodyOnsetOrBeat_AndTheHarmonyHolds()
    {
        using var model = ModelPackage.Load(PlayerScript.DefaultModel);
        using var session = new StepSession(model);
        var songs = PlayerScript.TestSongs(8);
        double alignedOff = 0, alignedOn = 0, fitOff = 0, fitOn = 0;
        foreach (var (song, i) in songs.Select((s, i) => (s, i)))
        {
            var lead = song.Notes.Where(n => n.Part == Part.Lead && n.End < 60).ToArray();
            var off = PlayerScript.Accompany(session, lead, seed: i + 1, new Steering { PulseLock = 0 });
            var on = PlayerScript.Accompany(session, lead, seed: i + 1, new Steering { PulseLock = 8 });
            alignedOff += AccompanimentFit.OnsetAlignment(lead, off, song.Beats) / songs.Count;
            alignedOn += AccompanimentFit.OnsetAlignment(lead, on, song.Beats) / songs.Count;
            fitOff += AccompanimentFit.NoteInChordRatio(lead, off) / songs.Count;
            fitOn += AccompanimentFit.NoteInChordRatio(lead, on) / songs.Count;
            output.WriteLine($"song {i}: notes {off.Count} -> {on.Count}, sounding {AccompanimentFit.SoundingShare(lead, off):0.000} -> {AccompanimentFit.SoundingShare(lead, on):0.000}, " +
                $"note-in-chord {AccompanimentFit.NoteInChordRatio(lead, off):0.000} -> {AccompanimentFit.NoteInChordRatio(lead, on):0.000}, aligned {AccompanimentFit.OnsetAlignment(lead, off, song.Beats):0.000} -> {AccompanimentFit.OnsetAlignment(lead, on, song.Beats):0.000}");
        }

        output.WriteLine($"onsets within 30 ms of a melody onset or beat: {alignedOff:0.000} unlocked, {alignedOn:0.000} locked; note-in-chord {fitOff:0.000} -> {fitOn:0.000}");
        Assert.True(alignedOn > alignedOff + 0.05, $"onset alignment {alignedOff:0.000} unlocked, {alignedOn:0.000} locked");
        Assert.True(fitOn > fitOff - 0.05, $"note-in-chord fell from {fitOff:0.000} to {fitOn:0.000} when locked");
    }

    [Fact]
    public void APulseLockOutOfRange_StopsTheStart_NamingTheSetting()
    {
        var failures = new ImprovisationOptionsValidator().Validate(null, new ImprovisationOptions { PulseLock = 20 }).Failures ?? [];

        Assert.Contains(failures, f => f.Contains("PulseLock", StringComparison.Ordinal) && f.Contains("16", StringComparison.Ordinal));
        Assert.True(new ImprovisationOptionsValidator().Validate(null, new ImprovisationOptions()).Succeeded, "the default PulseLock was refused");
    }
}
