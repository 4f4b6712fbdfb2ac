using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Tokens;
using Xunit.Abstractions;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// The accompaniment leaning onto the harmony of the player's lead (<see cref="HarmonyLeaning"/>,
/// Improv:Improvisation:HarmonyLock): how it leans the logits, and what it does to the bundled model's accompaniment of
/// real POP909 test melodies.
/// </summary>
public sealed class HarmonyLeaningTests(ITestOutputHelper output)
{
    [Fact]
    public void UnderAMajorTriad_NotesThatFitEveryMelodyNoteStay_OthersLeanDownByTheShareTheyMiss()
    {
        var vocabulary = PlayerScript.DefaultVocabulary();
        var harmony = new HarmonyLeaning(vocabulary);
        // C, E and G struck and held together.
        foreach (var pitch in new[] { 72, 76, 79 })
            harmony.Heard(pitch, 80, 1.0);
        var logits = new float[vocabulary.Size];

        var leaned = harmony.Apply(logits, 6, 1.0).ToArray();

        // C fits C (unison), E (a third below) and G (a fifth below); A fits C (a third below), E (a fifth) and not G.
        Assert.Equal(0, leaned[vocabulary.NoteOn(48, Part.Accompaniment)], precision: 5);
        Assert.Equal(-2, leaned[vocabulary.NoteOn(57, Part.Accompaniment)], precision: 5);
        // F sharp fits none of them.
        Assert.Equal(-6, leaned[vocabulary.NoteOn(42, Part.Accompaniment)], precision: 5);
        // Only the accompaniment's note-ons lean: the lead's, note-offs and waits are the model's own.
        Assert.Equal(0, leaned[vocabulary.NoteOn(42, Part.Lead)]);
        Assert.Equal(0, leaned[vocabulary.NoteOff(42, Part.Accompaniment)]);
        Assert.Equal(0, leaned[vocabulary.TimeShift(10)]);
    }

    [Fact]
    public void Released_TheMelodyFades_SoTheLatestNotesLeadTheHarmony()
    {
        var vocabulary = PlayerScript.DefaultVocabulary();
        var harmony = new HarmonyLeaning(vocabulary);
        var logits = new float[vocabulary.Size];
        Assert.True(harmony.Apply(logits, 6, 0) == logits, "with no melody heard, the logits were copied or changed");

        harmony.Heard(66, 80, 0.0);
        harmony.Heard(66, 0, 0.5);
        harmony.Heard(72, 80, 6.0);
        var leaned = harmony.Apply(logits, 6, 6.0).ToArray();

        // F sharp, released 5.5 s ago, weighs e^-4 of the held C: a C under the melody now leans hardly at all, an F sharp nearly fully.
        Assert.InRange(leaned[vocabulary.NoteOn(48, Part.Accompaniment)], -0.1f, 0f);
        Assert.InRange(leaned[vocabulary.NoteOn(42, Part.Accompaniment)], -6f, -5.9f);
        Assert.True(harmony.Apply(logits, 0, 6.0) == logits, "turned off, the logits were copied or changed");
    }

    [Fact]
    public void UnderTestMelodies_TheAccompanimentFitsTheMelodyMoreOften()
    {
        using var model = ModelPackage.Load(PlayerScript.DefaultModel);
        using var session = new StepSession(model);
        var songs = PlayerScript.TestSongs(8);
        var strength = (float)new ImprovisationOptions().HarmonyLock;
        double fitOff = 0, fitOn = 0, soundingOn = 0;
        foreach (var (song, i) in songs.Select((s, i) => (s, i)))
        {
            var lead = song.Notes.Where(n => n.Part == Part.Lead && n.End < 60).ToArray();
            var off = PlayerScript.Accompany(session, lead, seed: i + 1, Steering.From(new ImprovisationOptions { HarmonyLock = 0 }));
            var on = PlayerScript.Accompany(session, lead, seed: i + 1, Steering.From(new ImprovisationOptions { HarmonyLock = strength }));
            fitOff += AccompanimentFit.NoteInChordRatio(lead, off) / songs.Count;
            fitOn += AccompanimentFit.NoteInChordRatio(lead, on) / songs.Count;
            soundingOn += AccompanimentFit.SoundingShare(lead, on) / songs.Count;
            output.WriteLine($"song {i}: notes {off.Count} -> {on.Count}, note-in-chord {AccompanimentFit.NoteInChordRatio(lead, off):0.000} -> {AccompanimentFit.NoteInChordRatio(lead, on):0.000}");
        }

        output.WriteLine($"note-in-chord {fitOff:0.000} -> {fitOn:0.000} with HarmonyLock {strength}; sounding {soundingOn:0.000}");
        Assert.True(strength > 0, "HarmonyLock is off by default, so the default accompaniment gains nothing");
        Assert.True(fitOn > fitOff + 0.03, $"note-in-chord {fitOff:0.000} without the lean, {fitOn:0.000} with it");
        Assert.True(soundingOn > 0.8, $"with the lean, the accompaniment sounds during {soundingOn:P0} of the melody");
    }

    [Fact]
    public void AHarmonyLockOutOfRange_StopsTheStart_NamingTheSetting()
    {
        var failures = new ImprovisationOptionsValidator().Validate(null, new ImprovisationOptions { HarmonyLock = -1 }).Failures ?? [];

        Assert.Contains(failures, f => f.Contains("HarmonyLock", StringComparison.Ordinal) && f.Contains("16", StringComparison.Ordinal));
    }
}
