using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Midi;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Improv.Music.Tokens;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// Who plays which part: a two-part (v2) voice may choose only its own part's notes and never START, END or a style;
/// a one-part (v1) model refuses a role or style it cannot play, with what it lacks.
/// </summary>
public sealed class VoiceRoleTests
{
    [Theory]
    [InlineData(Part.Lead)]
    [InlineData(Part.Accompaniment)]
    public void ATwoPartMask_AllowsOnlyItsOwnPartsNotes(Part part)
    {
        var vocabulary = TokenVocabulary.PerformanceV2;
        var mask = new SteeringMask(vocabulary, part);
        var sounding = new double[2 * Vocabulary.PitchCount];
        Array.Fill(sounding, double.NaN);
        sounding[(int)part * Vocabulary.PitchCount + 64] = 0;

        var allowed = mask.Build(new Steering(), sounding, soundingCount: 1, now: 1.0).ToArray();

        var chosen = Enumerable.Range(0, vocabulary.Size).Where(t => allowed[t]).ToArray();
        Assert.All(chosen.Where(t => vocabulary.KindOf(t) is TokenKind.NoteOn or TokenKind.NoteOff), t => Assert.Equal(part, vocabulary.PartOf(t)));
        Assert.DoesNotContain(chosen, t => vocabulary.KindOf(t) is TokenKind.Start or TokenKind.End or TokenKind.Style);
        Assert.Contains(vocabulary.NoteOff(64, part), chosen);
        Assert.DoesNotContain(vocabulary.NoteOn(64, part), chosen);
        Assert.Contains(vocabulary.NoteOn(60, part), chosen);
        Assert.Equal(Vocabulary.TimeShiftSteps, chosen.Count(t => vocabulary.KindOf(t) == TokenKind.TimeShift));
    }

    [Fact]
    public void AWholeTextureMask_AllowsBothParts_AndTellsTheirSoundingNotesApart()
    {
        var vocabulary = TokenVocabulary.PerformanceV2;
        var sounding = new double[2 * Vocabulary.PitchCount];
        Array.Fill(sounding, double.NaN);
        sounding[Vocabulary.PitchCount + 48] = 0;

        var allowed = new SteeringMask(vocabulary, part: null).Build(new Steering(), sounding, soundingCount: 1, now: 1.0).ToArray();

        Assert.True(allowed[vocabulary.NoteOn(48, Part.Lead)]);
        Assert.False(allowed[vocabulary.NoteOn(48, Part.Accompaniment)]);
        Assert.True(allowed[vocabulary.NoteOff(48, Part.Accompaniment)]);
        Assert.False(allowed[vocabulary.NoteOff(48, Part.Lead)]);
        Assert.True(allowed[vocabulary.NoteOn(72, Part.Accompaniment)]);
    }

    [Fact]
    public void AOnePartModel_RefusesTheAccompanimentAndAStyle_SayingWhatItLacks()
    {
        using var model = ModelPackage.Load(PlayerScript.V1Model);
        using var session = new StepSession(model);
        Assert.Equal(TokenVocabulary.PerformanceV1, session.Vocabulary);

        var part = Assert.Throws<ArgumentException>(() => new ModelVoice(session, 1, role: new VoiceRole(Part.Lead, Part.Accompaniment, Style.Any)));
        Assert.Contains("performance-v1 has no accompaniment part", part.Message);
        var style = Assert.Throws<ArgumentException>(() => new ModelVoice(session, 1, role: VoiceRole.Default with { Style = "jazz" }));
        Assert.Contains("style 'jazz'", style.Message);
        Assert.Contains("has no styles", style.Message);
        Assert.Null(VoiceRole.Default.ProblemWith(session.Vocabulary));
    }
}
