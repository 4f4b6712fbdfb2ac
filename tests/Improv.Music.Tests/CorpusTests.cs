using Improv.Music.Corpus;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Music.Tests;

[Collection(nameof(CorpusFixture))]
public sealed class CorpusTests(CorpusFixture corpus)
{
    [Fact]
    public void All_909_POP909_songs_load_without_a_warning()
    {
        Assert.Equal("", corpus.Warnings);
        Assert.Equal(909, corpus.Songs.Count);
        Assert.Equal(Enumerable.Range(1, 909).Select(i => i.ToString("000")), corpus.Songs.Select(s => s.Id));
        Assert.All(corpus.Songs, s => Assert.NotEmpty(s.Notes));
    }

    [Fact]
    public void Each_song_merges_its_MELODY_BRIDGE_and_PIANO_tracks()
    {
        var song = corpus.Songs.First(s => s.Id == "001");
        var file = Improv.Music.Midi.MidiFileReader.Read(Path.Combine(Repository.Pop909, "POP909", "001", "001.mid"));

        Assert.Equal(["MELODY", "BRIDGE", "PIANO"], file.Tracks.Where(t => t.NoteCount > 0).Select(t => t.Name));
        Assert.Equal(file.Tracks.Sum(t => t.NoteCount), song.Notes.Count);
    }

    [Fact]
    public void The_reader_agrees_with_NAudio_on_every_corpus_file_s_tracks_and_note_ons()
    {
        Parallel.ForEach(CorpusLoader.MidiFiles(Repository.Pop909), path =>
        {
            var ours = Improv.Music.Midi.MidiFileReader.Read(path);
            var naudio = new NAudio.Midi.MidiFile(path, strictChecking: false);

            Assert.Equal(naudio.FileFormat, ours.Format);
            Assert.Equal(naudio.DeltaTicksPerQuarterNote, ours.TicksPerQuarter);
            var theirs = Enumerable.Range(0, naudio.Tracks).Select(t => new Improv.Music.Midi.MidiTrackSummary(
                naudio.Events[t].OfType<NAudio.Midi.TextEvent>().FirstOrDefault(e => e.MetaEventType == NAudio.Midi.MetaEventType.SequenceTrackName)?.Text ?? "",
                naudio.Events[t].OfType<NAudio.Midi.NoteOnEvent>().Count(e => e.Velocity > 0)));
            Assert.Equal(theirs, ours.Tracks);
        });
    }

    [Fact]
    public void Every_corpus_file_round_trips_through_tokens()
    {
        Parallel.ForEach(corpus.Songs, song =>
        {
            var tokens = PerformanceEncoder.Encode(song.Notes);
            var decoded = PerformanceDecoder.Decode(tokens);

            Assert.Equal(tokens, PerformanceEncoder.Encode(decoded));
            // Notes with no other strike of their pitch during their span come back exactly, quantised.
            var back = decoded.Select(n => (n.Pitch, n.Velocity, Step(n.Start), Step(n.End))).ToHashSet();
            foreach (var note in Alone(song.Notes))
            {
                var start = Step(note.Start);
                var expected = (note.Pitch, Vocabulary.VelocityOfBin(note.Velocity / 4), start, Math.Max(start + 1, Step(note.End)));
                Assert.True(back.Contains(expected), $"song {song.Id}: {note} did not come back as {expected}");
            }
        });
    }

    [Fact]
    public void The_split_lists_in_data_are_the_hash_split_of_the_song_ids()
    {
        var ids = Directory.EnumerateFiles(Repository.Pop909, "*.mid", SearchOption.AllDirectories)
            .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();

        foreach (var split in Enum.GetValues<Split>())
        {
            var committed = File.ReadAllLines(Path.Combine(Repository.Pop909, "splits", $"{split.ToString().ToLowerInvariant()}.txt"));
            Assert.Equal(ids.Where(id => SongSplit.Of(id) == split), committed);
        }
    }

    [Fact]
    public void The_split_is_about_80_10_10_and_disjoint()
    {
        var splits = CorpusSplits.Of(corpus.Songs);

        Assert.InRange(splits.Train.Count, 0.75 * 909, 0.85 * 909);
        Assert.InRange(splits.Valid.Count, 0.07 * 909, 0.13 * 909);
        Assert.InRange(splits.Test.Count, 0.07 * 909, 0.13 * 909);
        Assert.Equal(909, splits.Train.Concat(splits.Valid).Concat(splits.Test).Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void The_pipeline_encodes_every_song_under_its_split_as_a_framed_piece()
    {
        var pieces = CorpusSet.Load(Repository.Pop909, TextWriter.Null).Encode(TokenVocabulary.PerformanceV1);

        foreach (var split in Enum.GetValues<Split>())
        {
            var songs = CorpusSplits.Of(corpus.Songs)[split];
            Assert.Equal(songs.Count, pieces[split].Count);
            Assert.All(pieces[split], p => Assert.True(p.Length > 2 && p[0] == Vocabulary.StartToken && p[^1] == Vocabulary.EndToken));
            Assert.Equal(PerformanceEncoder.EncodePiece(songs[^1].Notes), pieces[split][^1]);
        }
        Assert.Equal(CorpusSplits.Of(corpus.Songs).Identity(), pieces.Identity);
    }

    private static long Step(double seconds) => (long)Math.Round(seconds * 100);

    private static IEnumerable<Note> Alone(IReadOnlyList<Note> notes)
    {
        foreach (var pitch in notes.GroupBy(n => n.Pitch))
        {
            var spans = pitch.Select(n => (Note: n, Start: Step(n.Start), End: Math.Max(Step(n.Start) + 1, Step(n.End)))).OrderBy(s => s.Start).ToArray();
            var latestEnd = long.MinValue;
            for (var i = 0; i < spans.Length; i++)
            {
                if (latestEnd <= spans[i].Start && (i == spans.Length - 1 || spans[i + 1].Start >= spans[i].End))
                    yield return spans[i].Note;
                latestEnd = Math.Max(latestEnd, spans[i].End);
            }
        }
    }
}
