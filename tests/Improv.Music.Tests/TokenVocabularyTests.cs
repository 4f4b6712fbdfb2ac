using CsCheck;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Music.Tests;

public sealed class TokenVocabularyTests
{
    private static readonly Gen<Note> AnyPartNote =
        Gen.Select(Gen.Int[0, 127], Gen.Int[1, 127], Gen.Double[0, 20], Gen.Double[0, 3], Gen.Bool)
            .Select((pitch, velocity, start, length, accompaniment) =>
                new Note(pitch, velocity, start, start + length, accompaniment ? Part.Accompaniment : Part.Lead));

    private static readonly TokenVocabulary V2 = TokenVocabulary.PerformanceV2;

    // The expected hashes were computed outside C# from the tables' written rule (names joined by newlines), so a
    // moved id fails here even if the code that builds the table moved with it.
    [Theory]
    [InlineData("performance-v1", 390, "5ae793c819ce3ddf6796fbb13e45ff8555e82702fd4050608883b66bf60ec0de")]
    [InlineData("performance-v2", 651, "59be4cc839db4d16e87b0c5d6e761b6b0a1c7717c8a9aad66cfe4ebf649032c6")]
    public void Each_version_has_its_pinned_table(string version, int size, string sha256)
    {
        var vocabulary = TokenVocabulary.Of(version);

        Assert.Equal(size, vocabulary.Size);
        Assert.Equal(sha256, vocabulary.TableHash);
    }

    [Fact]
    public void V1_is_the_old_vocabulary_id_for_id()
    {
        var v1 = TokenVocabulary.PerformanceV1;

        Assert.Equal(Vocabulary.Table, v1.Table);
        Assert.Equal(Vocabulary.StartToken, v1.StartToken);
        Assert.Equal(Vocabulary.NoteOn(60), v1.NoteOn(60));
        Assert.Equal(Vocabulary.TimeShift(7), v1.TimeShift(7));
    }

    [Fact]
    public void Every_v2_token_names_its_kind_part_and_value_and_the_name_leads_back_to_it()
    {
        for (var token = 0; token < V2.Size; token++)
            Assert.Equal(token, V2.IdOf(V2.NameOf(token)));
        Assert.Equal("NOTE_ON_ACCOMPANIMENT_48", V2.NameOf(V2.NoteOn(48, Part.Accompaniment)));
        Assert.Equal(Part.Accompaniment, V2.PartOf(V2.NoteOff(48, Part.Accompaniment)));
        Assert.Equal("STYLE_JAZZ", V2.NameOf(V2.StyleToken("Jazz")));
        Assert.Contains("classical", Assert.Throws<ArgumentException>(() => V2.StyleToken("polka")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenVocabulary.PerformanceV1.NoteOn(60, Part.Accompaniment));
    }

    [Fact]
    public void A_v1_note_token_seeds_both_parts_and_styles_have_no_counterpart()
    {
        var v1 = TokenVocabulary.PerformanceV1;

        Assert.Equal(v1.NoteOn(60), V2.CounterpartIn(v1, V2.NoteOn(60, Part.Lead)));
        Assert.Equal(v1.NoteOn(60), V2.CounterpartIn(v1, V2.NoteOn(60, Part.Accompaniment)));
        Assert.Equal(v1.NoteOff(3), V2.CounterpartIn(v1, V2.NoteOff(3, Part.Accompaniment)));
        Assert.Equal(-1, V2.CounterpartIn(v1, V2.StyleToken(Style.Pop)));
        Assert.Equal(646, Enumerable.Range(0, V2.Size).Count(t => V2.CounterpartIn(v1, t) >= 0));
    }

    [Fact]
    public void Two_part_notes_to_tokens_to_notes_keep_each_notes_part()
    {
        AnyPartNote.Array[0, 60].Sample(notes =>
        {
            var decoded = PerformanceDecoder.Decode(PerformanceEncoder.Encode(notes, V2, PartOrder.Random(7)), V2);

            Assert.Equal(notes.Count(n => n.Part == Part.Accompaniment) > 0, decoded.Any(n => n.Part == Part.Accompaniment));
            foreach (var part in new[] { Part.Lead, Part.Accompaniment })
            {
                // Per part, each pitch's strikes survive (a same-step re-strike of a sounding pitch may merge two).
                var sent = notes.Where(n => n.Part == part).Select(n => n.Pitch).Distinct().Order();
                Assert.Equal(sent, decoded.Where(n => n.Part == part).Select(n => n.Pitch).Distinct().Order());
            }
        }, iter: 1000);
    }

    [Fact]
    public void Two_part_tokens_decode_and_encode_to_themselves_in_any_part_order()
    {
        Gen.Select(AnyPartNote.Array[0, 80], Gen.ULong).Sample((notes, seed) =>
        {
            var order = PartOrder.Random(seed);
            var tokens = PerformanceEncoder.Encode(notes, V2, order);

            Assert.Equal(tokens, PerformanceEncoder.Encode(PerformanceDecoder.Decode(tokens, V2), V2, order));
        }, iter: 2000);
    }

    [Fact]
    public void Each_part_keeps_its_own_velocity()
    {
        Note[] notes =
        [
            new(60, 100, 0.0, 0.5, Part.Lead), new(48, 30, 0.0, 0.5, Part.Accompaniment),
            new(62, 100, 0.5, 1.0, Part.Lead), new(50, 30, 0.5, 1.0, Part.Accompaniment),
        ];

        var tokens = PerformanceEncoder.Encode(notes, V2, PartOrder.LeadFirst);
        var decoded = PerformanceDecoder.Decode(tokens, V2);

        // One VELOCITY per part: the second strikes of each part need none.
        Assert.Equal(2, tokens.Count(t => V2.KindOf(t) == TokenKind.Velocity));
        Assert.All(decoded.Where(n => n.Part == Part.Lead), n => Assert.Equal(Vocabulary.VelocityOfBin(100 / 4), n.Velocity));
        Assert.All(decoded.Where(n => n.Part == Part.Accompaniment), n => Assert.Equal(Vocabulary.VelocityOfBin(30 / 4), n.Velocity));
    }

    [Fact]
    public void At_one_instant_one_part_writes_all_its_events_before_the_other()
    {
        Gen.Select(AnyPartNote.Array[2, 60], Gen.ULong).Sample((notes, seed) =>
        {
            var order = PartOrder.Random(seed);
            var tokens = PerformanceEncoder.Encode(notes, V2, order);
            long step = 0;
            var partsAtStep = new List<Part>();
            foreach (var token in tokens.Append(V2.TimeShift(1)))
            {
                if (V2.KindOf(token) == TokenKind.TimeShift)
                {
                    // Within the step: the parts come in runs, the first part (by the order) first.
                    var runs = partsAtStep.Where((p, i) => i == 0 || partsAtStep[i - 1] != p).ToList();
                    Assert.True(runs.Count <= 2, $"step {step}: parts {string.Join(",", partsAtStep)}");
                    if (runs.Count == 2)
                        Assert.Equal(order.FirstAt(step), runs[0]);
                    partsAtStep.Clear();
                    step += V2.ValueOf(token);
                }
                else if (V2.KindOf(token) is TokenKind.NoteOn or TokenKind.NoteOff)
                {
                    partsAtStep.Add(V2.PartOf(token));
                }
            }
        }, iter: 1000);
    }

    [Fact]
    public void A_v2_piece_opens_with_its_style()
    {
        var piece = PerformanceEncoder.EncodePiece([new Note(60, 80, 0, 1)], V2, Style.Jazz);

        Assert.Equal([V2.StartToken, V2.StyleToken(Style.Jazz)], piece[..2]);
        Assert.Equal(V2.StyleToken(Style.Any), PerformanceEncoder.EncodePiece([], V2)[1]);
        Assert.Equal(V2.EndToken, piece[^1]);
    }
}
