using CsCheck;
using Improv.Music.Midi;
using static Improv.Music.Tests.SmfBytes;

namespace Improv.Music.Tests;

public sealed class MidiFileErrorTests
{
    private static readonly byte[] GoodTrack = Track((0, On(0, 60, 100)), (96, Off(0, 60)));

    public static TheoryData<string, byte[], string> CorruptFiles => new()
    {
        { "empty file", [], "truncated header" },
        { "header cut short", File(0, 96, GoodTrack)[..10], "truncated header" },
        { "not a MIDI file", "RIFF....WAVEfmt "u8.ToArray(), "not a Standard MIDI File" },
        { "header length wrong", [.. File(0, 96, GoodTrack)[..7], 2, .. File(0, 96, GoodTrack)[8..]], "bad chunk length" },
        { "track longer than the file", [.. Header(0, 1, 96), .. Chunk(GoodTrack, GoodTrack.Length + 50)], "bad chunk length" },
        { "track shorter than its events", [.. Header(0, 1, 96), .. Chunk(GoodTrack, 5)], "truncated event" },
        { "file cut inside a track", File(0, 96, GoodTrack)[..^4], "bad chunk length" },
        { "tracks missing", [.. Header(1, 3, 96), .. Chunk(GoodTrack)], "truncated" },
        { "system status byte in a track", File(0, 96, [0, 0xF4, 1, 2, 0, 0xFF, 0x2F, 0]), "garbage event" },
        { "data byte with no status", File(0, 96, [0, 0x40, 60, 100, 0, 0xFF, 0x2F, 0]), "garbage event" },
        { "data byte with its top bit set", File(0, 96, [0, 0x90, 0xC0, 100, 0, 0xFF, 0x2F, 0]), "garbage event" },
        { "endless delta time", File(0, 96, [0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 100]), "garbage event" },
        { "random bytes after the header", [.. Header(0, 1, 96), .. new Random(7).GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 64)], "garbage chunk" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void A_corrupt_file_raises_MidiFileError_naming_the_file_and_the_defect(string _, byte[] bytes, string problem)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("broken.mid");
        System.IO.File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<MidiFileError>(() => MidiFileReader.Read(path));

        Assert.Equal(path, error.Path);
        Assert.StartsWith(problem, error.Problem);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Damaged_copies_of_a_real_file_either_read_or_raise_MidiFileError_never_anything_else()
    {
        var original = System.IO.File.ReadAllBytes(Path.Combine(Repository.Pop909, "POP909", "001", "001.mid"));
        var damage = Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte).Array[1, 8];

        Gen.Select(damage, Gen.Int[0, original.Length]).Sample((changes, length) =>
        {
            var bytes = original[..length];
            foreach (var (at, value) in changes.Where(c => c.Item1 < length))
                bytes[at] = value;
            try
            {
                MidiFileReader.Parse(bytes, "damaged.mid");
            }
            catch (MidiFileError error)
            {
                Assert.StartsWith("damaged.mid: ", error.Message);
            }
        }, iter: 3000);
    }

    [Fact]
    public void A_missing_file_is_a_MidiFileError_too()
    {
        var error = Assert.Throws<MidiFileError>(() => MidiFileReader.Read("/nonexistent/song.mid"));

        Assert.Contains("/nonexistent/song.mid", error.Message);
    }
}
