using Improv.Music.Notes;
using Improv.Music.Statistics;

namespace Improv.Music.Tests.Statistics;

public class KeyFinderTests
{
    private static Note[] Melody(params int[] pitches) =>
        pitches.Select((pitch, i) => new Note(pitch, 80, i * 0.5, i * 0.5 + 0.5)).ToArray();

    [Fact]
    public void C_major_scale_with_a_final_tonic_is_C_major()
    {
        var key = KeyFinder.Estimate(Melody(60, 62, 64, 65, 67, 69, 71, 72, 67, 64, 60));

        Assert.Equal(new Key(0, KeyMode.Major, key!.Value.Correlation), key);
        Assert.Equal("C major", key.ToString());
    }

    [Fact]
    public void A_minor_triad_arpeggios_with_a_leading_tone_are_A_minor()
    {
        var key = KeyFinder.Estimate(Melody(57, 60, 64, 69, 64, 60, 57, 56, 57, 52, 57));

        Assert.Equal((9, KeyMode.Minor), (key!.Value.Tonic, key.Value.Mode));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(11)]
    public void Transposing_the_music_transposes_the_key(int semitones)
    {
        var key = KeyFinder.Estimate(Melody(60, 62, 64, 65, 67, 69, 71, 72, 67, 64, 60).Select(n => n with { Pitch = n.Pitch + semitones }));

        Assert.Equal((semitones, KeyMode.Major), (key!.Value.Tonic, key.Value.Mode));
    }

    [Fact]
    public void Long_notes_outweigh_many_short_ones()
    {
        // Many short F#, C# and G# passing notes over long G major chord tones (G, B, D).
        var notes = new List<Note>
        {
            new(55, 80, 0, 4), new(59, 80, 0, 4), new(62, 80, 0, 4), new(67, 80, 4, 8), new(71, 80, 4, 8),
        };
        notes.AddRange(Enumerable.Range(0, 12).Select(i => new Note(new[] { 66, 61, 68 }[i % 3], 80, i * 0.05, i * 0.05 + 0.05)));

        Assert.Equal((7, KeyMode.Major), (KeyFinder.Estimate(notes)!.Value.Tonic, KeyFinder.Estimate(notes)!.Value.Mode));
    }

    [Fact]
    public void Nothing_sounding_or_all_classes_equal_has_no_key()
    {
        Assert.Null(KeyFinder.Estimate([]));
        Assert.Null(KeyFinder.Estimate(Enumerable.Range(60, 12).Select(p => new Note(p, 80, 0, 1))));
    }

    [Theory]
    [InlineData(0, KeyMode.Major, 0b1010_1011_0101)]
    [InlineData(7, KeyMode.Major, 0b1010_1101_0101)]
    [InlineData(9, KeyMode.Minor, 0b1010_1011_0101)]
    [InlineData(2, KeyMode.Minor, 0b0110_1011_0101)]
    public void The_key_mask_holds_its_diatonic_scale(int tonic, KeyMode mode, int mask)
    {
        Assert.Equal(mask, new Key(tonic, mode, 1).PitchClassMask);
    }
}
