using CsCheck;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Music.Tests;

public sealed class PerformanceTokenTests
{
    private static readonly Gen<Note> AnyNote =
        Gen.Select(Gen.Int[0, 127], Gen.Int[1, 127], Gen.Double[0, 40], Gen.Double[0, 4])
            .Select((pitch, velocity, start, length) => new Note(pitch, velocity, start, start + length));

    /// <summary>A note as the representation keeps it: 10 ms steps, at least one step long, velocity by bin.</summary>
    private static (int Pitch, int Velocity, long Start, long End) Quantised(Note n)
    {
        var start = (long)Math.Round(n.Start * 100);
        var end = Math.Max(start + 1, (long)Math.Round(n.End * 100));
        return (n.Pitch, Vocabulary.VelocityOfBin(Math.Clamp(n.Velocity, 1, 127) / 4), start, end);
    }

    private static (int Pitch, int Velocity, long Start, long End) InSteps(Note n) =>
        (n.Pitch, n.Velocity, (long)Math.Round(n.Start * 100), (long)Math.Round(n.End * 100));

    /// <summary>Keeps only notes whose quantised span shares no step with another note of the same pitch.</summary>
    private static Note[] WithoutSamePitchOverlap(Note[] notes) =>
        notes.Where((n, i) => !notes.Where((_, j) => j != i).Any(m =>
        {
            var (a, b) = (Quantised(n), Quantised(m));
            return a.Pitch == b.Pitch && a.Start < b.End && b.Start < a.End;
        })).ToArray();

    [Fact]
    public void Notes_to_tokens_to_notes_gives_the_notes_quantised_to_10_ms_and_32_velocity_bins()
    {
        AnyNote.Array[0, 60].Select(WithoutSamePitchOverlap).Sample(notes =>
        {
            var decoded = PerformanceDecoder.Decode(PerformanceEncoder.Encode(notes));

            var expected = notes.Select(Quantised).Order().ToArray();
            Assert.Equal(expected, decoded.Select(InSteps).Order().ToArray());
        }, iter: 2000);
    }

    [Fact]
    public void Any_note_list_encodes_to_tokens_that_decode_and_encode_to_themselves()
    {
        AnyNote.Array[0, 80].Sample(notes =>
        {
            var tokens = PerformanceEncoder.Encode(notes);

            Assert.Equal(tokens, PerformanceEncoder.Encode(PerformanceDecoder.Decode(tokens)));
        }, iter: 2000);
    }

    [Fact]
    public void Tokens_are_well_formed_shifts_of_one_to_one_hundred_steps_and_velocity_only_when_its_bin_changes()
    {
        AnyNote.Array[1, 80].Sample(notes =>
        {
            var tokens = PerformanceEncoder.Encode(notes);

            Assert.All(tokens, t => Assert.InRange(t, 0, Vocabulary.StartToken - 1));
            var velocities = tokens.Where(t => Vocabulary.KindOf(t) == TokenKind.Velocity).ToArray();
            Assert.All(velocities.Zip(velocities.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
            var totalSteps = tokens.Where(t => Vocabulary.KindOf(t) == TokenKind.TimeShift).Sum(t => (long)Vocabulary.ValueOf(t));
            Assert.Equal(notes.Max(n => Quantised(n).End), totalSteps);
        }, iter: 1000);
    }

    [Fact]
    public void A_long_gap_becomes_one_second_shifts_and_the_rest()
    {
        var tokens = PerformanceEncoder.Encode([new Note(60, 64, 2.5, 2.6)]);

        Assert.Equal(
            ["TIME_SHIFT_100", "TIME_SHIFT_100", "TIME_SHIFT_50", "VELOCITY_16", "NOTE_ON_60", "TIME_SHIFT_10", "NOTE_OFF_60"],
            tokens.Select(Vocabulary.NameOf));
    }

    [Fact]
    public void Restriking_a_sounding_pitch_ends_it_there_and_the_pitch_sounds_until_its_last_release()
    {
        var decoded = PerformanceDecoder.Decode(PerformanceEncoder.Encode([new Note(60, 100, 0, 1.0), new Note(60, 100, 0.5, 0.8)]));

        Assert.Equal([(60, 102, 0L, 50L), (60, 102, 50L, 100L)], decoded.Select(InSteps));
    }

    [Fact]
    public void Framing_a_piece_adds_START_and_END_and_decoding_stops_at_END()
    {
        var notes = new[] { new Note(60, 100, 0, 0.5) };
        var piece = PerformanceEncoder.EncodePiece(notes);

        Assert.Equal(Vocabulary.StartToken, piece[0]);
        Assert.Equal(Vocabulary.EndToken, piece[^1]);
        int[] trailing = [.. piece, Vocabulary.NoteOn(72), Vocabulary.TimeShift(10)];
        Assert.Equal(PerformanceDecoder.Decode(piece), PerformanceDecoder.Decode(trailing));
    }

    [Fact]
    public void Decoding_generated_tokens_tolerates_missing_velocity_stray_releases_and_unfinished_notes()
    {
        int[] tokens = [Vocabulary.NoteOff(40), Vocabulary.NoteOn(60), Vocabulary.TimeShift(20), Vocabulary.NoteOn(62)];

        var decoded = PerformanceDecoder.Decode(tokens);

        var velocity = Vocabulary.VelocityOfBin(PerformanceDecoder.DefaultVelocityBin);
        Assert.Equal([(60, velocity, 0L, 20L), (62, velocity, 20L, 21L)], decoded.Select(InSteps));
        Assert.Throws<ArgumentOutOfRangeException>(() => PerformanceDecoder.Decode([Vocabulary.Size]));
    }

    [Fact]
    public void The_live_stream_writes_the_same_tokens_as_the_batch_encoder_without_allocating()
    {
        var random = new Random(909);
        var notes = Enumerable.Range(0, 400)
            .Select(_ => random.NextDouble() * 30 is var start ? new Note(random.Next(128), random.Next(1, 128), start, start + random.NextDouble() * 3) : default)
            .ToArray();
        var batch = PerformanceEncoder.Encode(notes);
        var events = notes
            .SelectMany(n => new[] { (Step: Quantised(n).Start, On: true, n.Pitch, n.Velocity), (Step: Quantised(n).End, On: false, n.Pitch, n.Velocity) })
            .OrderBy(e => e.Step).ThenBy(e => e.Pitch).ThenBy(e => e.On).ThenBy(e => e.Velocity)
            .ToArray();
        var stream = new PerformanceStream();
        var live = new int[batch.Length + 100];
        var count = 0;
        Span<int> written = stackalloc int[64];
        stream.NoteOn(0, 0, 1, written);
        stream.NoteOff(1, 0, written);
        stream.Reset();

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var e in events)
        {
            var n = e.On
                ? stream.NoteOn(e.Step / 100.0, e.Pitch, e.Velocity, written)
                : stream.NoteOff(e.Step / 100.0, e.Pitch, written);
            written[..n].CopyTo(live.AsSpan(count));
            count += n;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(batch, live[..count]);
    }

    [Fact]
    public void Every_token_name_maps_back_to_its_id()
    {
        Assert.All(Enumerable.Range(0, Vocabulary.Size), id => Assert.Equal(id, Vocabulary.IdOf(Vocabulary.NameOf(id))));
        Assert.Equal(Vocabulary.Size, Vocabulary.Table.Distinct().Count());
        Assert.Throws<ArgumentException>(() => Vocabulary.IdOf("NOTE_ON_128"));
    }

    [Fact]
    public void The_vocabulary_table_is_pinned_for_trained_models()
    {
        // A model manifest carries this table; any change to ids or names must bump Vocabulary.Version.
        var table = string.Join("\n", Vocabulary.Table);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(table)));

        Assert.Equal("performance-v1", Vocabulary.Version);
        Assert.Equal(390, Vocabulary.Table.Count);
        Assert.Equal(("NOTE_ON_0", "NOTE_OFF_0", "TIME_SHIFT_1", "VELOCITY_0", "START", "END"),
            (Vocabulary.Table[0], Vocabulary.Table[128], Vocabulary.Table[256], Vocabulary.Table[356], Vocabulary.Table[388], Vocabulary.Table[389]));
        Assert.Equal("5ae793c819ce3ddf6796fbb13e45ff8555e82702fd4050608883b66bf60ec0de", hash);
    }
}
