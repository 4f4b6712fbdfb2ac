using Improv.Music.Corpus;
using Improv.Music.Midi;
using Improv.Music.Notes;
using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

public class AccompanimentFitTests
{
    [Fact]
    public void ALeadNoteInTheChordFits_AndOneAgainstSilenceDoesNot()
    {
        Note[] triad = [new(48, 80, 0, 1), new(52, 80, 0, 1), new(55, 80, 0, 1)];
        Assert.Equal(1.0, AccompanimentFit.NoteInChordRatio([new Note(72, 90, 0, 1)], triad));
        // E over a C bass is a third for its first second; the second second has no accompaniment at all.
        Assert.Equal(0.5, AccompanimentFit.NoteInChordRatio([new Note(76, 90, 0, 2)], [new Note(48, 80, 0, 1)]), 9);
        // C# over C: a minor second, and no C# sounds.
        Assert.Equal(0.0, AccompanimentFit.NoteInChordRatio([new Note(73, 90, 0, 1)], [new Note(48, 80, 0, 1)]));
        // D over C and D: not consonant with the bass, but its pitch class sounds.
        Assert.Equal(1.0, AccompanimentFit.NoteInChordRatio([new Note(74, 90, 0, 1)], [new Note(48, 80, 0, 1), new Note(62, 80, 0, 1)]));
        Assert.True(double.IsNaN(AccompanimentFit.NoteInChordRatio([], triad)));
    }

    [Fact]
    public void OnsetsCountWhenNearALeadOnsetOrABeat()
    {
        Note[] lead = [new(72, 90, 0.0, 0.4)];
        Note[] accompaniment = [new(48, 80, 0.02, 0.3), new(52, 80, 0.2, 0.3), new(55, 80, 0.51, 0.9), new(55, 80, 0.58, 0.9)];
        Assert.Equal(0.5, AccompanimentFit.OnsetAlignment(lead, accompaniment, beats: [0.5]));
        Assert.Equal(0.25, AccompanimentFit.OnsetAlignment(lead, accompaniment, beats: []));
        Assert.True(double.IsNaN(AccompanimentFit.OnsetAlignment(lead, [], [])));
    }

    [Fact]
    public void SoundingShare_CountsTheLeadsSpanCoveredByAnyAccompanimentNote_Once()
    {
        Note[] lead = [new(72, 90, 1.0, 2.0), new(74, 90, 2.0, 3.0)];
        // 0.5-1.5 covers 0.5 s of the span, two overlapping notes 2.0-2.6 cover 0.6 s once, a note after the lead nothing.
        Note[] accompaniment = [new(48, 80, 0.5, 1.5), new(52, 80, 2.0, 2.5), new(55, 80, 2.2, 2.6), new(55, 80, 3.5, 4.0)];
        Assert.Equal(0.55, AccompanimentFit.SoundingShare(lead, accompaniment), 6);
        Assert.Equal(0, AccompanimentFit.SoundingShare(lead, []));
        Assert.True(double.IsNaN(AccompanimentFit.SoundingShare([], accompaniment)));
    }

    [Fact]
    public void OnRealPop909Songs_TheRealAccompanimentFitsBetterThanAnotherSongs()
    {
        var entry = new CorpusEntry("pop909", "pop909", "pop", PartRule.Tracks, SplitRule.FileName, 1, LeadTracks: ["MELODY", "BRIDGE"]);
        var files = CorpusLoader.MidiFiles(Repository.Pop909).Take(6).ToArray();
        var songs = files.Select(f => MidiFileReader.Read(f, name => entry.LeadTracks!.Contains(name.Trim()) ? Part.Lead : Part.Accompaniment)).ToArray();
        for (var i = 0; i < songs.Length; i++)
        {
            var lead = songs[i].Notes.Where(n => n.Part == Part.Lead).ToArray();
            var own = songs[i].Notes.Where(n => n.Part == Part.Accompaniment).ToArray();
            var other = songs[(i + 1) % songs.Length].Notes.Where(n => n.Part == Part.Accompaniment).ToArray();
            var real = AccompanimentFit.NoteInChordRatio(lead, own);
            var wrong = AccompanimentFit.NoteInChordRatio(lead, other);
            Assert.True(real > wrong, $"{files[i]}: real accompaniment {real:F3}, another song's {wrong:F3}");
            Assert.True(AccompanimentFit.OnsetAlignment(lead, own, songs[i].Beats) > AccompanimentFit.OnsetAlignment(lead, other, songs[i].Beats),
                $"{files[i]}: onsets of the real accompaniment align no better than another song's");
            Assert.NotEmpty(songs[i].Beats);
        }
    }
}
