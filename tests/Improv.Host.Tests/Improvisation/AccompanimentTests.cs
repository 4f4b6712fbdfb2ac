using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Midi;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Host.Tests.Improvisation;

/// <summary>The bundled two-part model accompanying real POP909 test melodies offline, as evaluation and Accompany mode play it.</summary>
public sealed class AccompanimentTests
{
    [Fact]
    public void UnderATestMelody_TheModelPlaysOnlyAccompaniment_AndItFitsBetterThanAnotherSongs()
    {
        using var model = ModelPackage.Load(PlayerScript.DefaultModel);
        using var session = new StepSession(model);
        var songs = PlayerScript.TestSongs(3);
        for (var i = 0; i < songs.Count; i++)
        {
            // The first 40 s: long enough for a fair ratio, short enough for a test.
            var lead = songs[i].Notes.Where(n => n.Part == Part.Lead && n.End < 40).ToArray();
            var other = songs[(i + 1) % songs.Count].Notes.Where(n => n.Part == Part.Accompaniment && n.End < 40).ToArray();
            var voice = new ModelVoice(session, seed: i + 1, role: new VoiceRole(Part.Lead, Part.Accompaniment, "pop"));

            var played = Continuation.Accompany(voice, lead);

            Assert.True(played.Count > 20, $"song {i}: only {played.Count} accompaniment notes under {lead.Length} melody notes");
            Assert.All(played, n => Assert.Equal(Part.Accompaniment, n.Part));
            var fit = AccompanimentFit.NoteInChordRatio(lead, played);
            var floor = AccompanimentFit.NoteInChordRatio(lead, other);
            Assert.True(fit > floor, $"song {i}: the model's accompaniment fits {fit:F3} of the melody's time, another song's {floor:F3}");
        }
    }
}
