namespace Improv.Host.Tests.Improvisation;

/// <summary>`improv generate` runs the daemon's engine offline on the bundled default model.</summary>
public sealed class GenerateCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("improv-generate-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheSameSeedWritesTheSameFileAndAnotherSeedAnother()
    {
        var song = File.ReadLines(Path.Combine(PlayerScript.Repository, "data", "pop909", "splits", "test.txt")).First().Trim();
        var primer = Directory.GetFiles(Path.Combine(PlayerScript.Repository, "data", "pop909", "POP909", song), "*.mid").First();

        byte[] Generate(string name, int seed)
        {
            var output = Path.Combine(folder, name);
            var (exitCode, printed) = DaemonProcess.RunToEnd("generate", "--primer", primer, "--seconds", "8", "--out", output, "--seed", seed.ToString());
            Assert.True(exitCode == 0, printed);
            return File.ReadAllBytes(output);
        }

        var first = Generate("first.mid", 5);
        Assert.Equal(first, Generate("again.mid", 5));
        Assert.NotEqual(first, Generate("other.mid", 6));
        var improv = Improv.Music.Midi.MidiFileReader.Read(Path.Combine(folder, "first.mid")).Tracks.Single(t => t.Name == "Improv");
        Assert.True(improv.NoteCount > 0, "the model played no note in 8 s");
    }

    [Fact]
    public void ABrokenPrimerIsNamed()
    {
        var broken = Path.Combine(folder, "broken.mid");
        File.WriteAllBytes(broken, "MThd\0\0\0\x06"u8.ToArray());
        var (exitCode, printed) = DaemonProcess.RunToEnd("generate", "--primer", broken, "--out", Path.Combine(folder, "x.mid"));
        Assert.Equal(1, exitCode);
        Assert.Contains("broken.mid", printed);
    }

    [Theory]
    [InlineData("Accompany", "pop", "accompaniment, style pop")]
    [InlineData("Solo", "pop", "lead, style pop")]
    [InlineData("CallAndResponse", "Auto", "(CallAndResponse, lead, style ")]
    public void EachModeAndStyle_PlaysAsLive(string mode, string style, string said)
    {
        // The first 20 s of a POP909 test song's melody, as a player would play it in.
        var melody = PlayerScript.TestSongs(1)[0].Notes.Where(n => n.Part == Improv.Music.Notes.Part.Lead).ToList();
        var start = melody.Min(n => n.Start);
        var primer = Path.Combine(folder, "melody.mid");
        Improv.Music.Midi.MidiFileWriter.Write(primer, [new("Melody", [.. melody.Where(n => n.Start < start + 20).Select(n => n with { Start = n.Start - start, End = n.End - start })])]);
        var output = Path.Combine(folder, $"{mode}.mid");

        var (exitCode, printed) = DaemonProcess.RunToEnd("generate", "--primer", primer, "--seconds", "8", "--out", output, "--seed", "4",
            "--mode", mode, "--style", style, "--memory", "0.3");

        Assert.True(exitCode == 0, printed);
        Assert.Contains(said, printed);
        Assert.DoesNotContain("style any", printed);
        var improv = Improv.Music.Midi.MidiFileReader.Read(output).Tracks.Single(t => t.Name == "Improv");
        Assert.True(improv.NoteCount > 0, printed);
    }

    [Fact]
    public void AWrongModeOrPart_IsNamed_AndAOnePartModelRefusesAccompany()
    {
        var song = PlayerScript.TestSongs(1)[0];
        var primer = Path.Combine(folder, "primer.mid");
        Improv.Music.Midi.MidiFileWriter.Write(primer, [new("Player", [.. song.Notes.Take(20)])]);

        var (wrongCode, wrong) = DaemonProcess.RunToEnd("generate", "--primer", primer, "--out", Path.Combine(folder, "x.mid"), "--mode", "Jazz", "--part", "bass");
        var (v1Code, v1) = DaemonProcess.RunToEnd("generate", "--primer", primer, "--out", Path.Combine(folder, "y.mid"), "--mode", "Accompany",
            "--model", PlayerScript.V1Model);

        Assert.Equal(2, wrongCode);
        Assert.Contains("--mode is 'Jazz'; allowed: CallAndResponse, Duet, Accompany, Solo.", wrong);
        Assert.Contains("--part is 'bass'; allowed: Lead, Accompaniment.", wrong);
        Assert.Equal(1, v1Code);
        Assert.Contains("performance-v1 has no accompaniment part", v1);
    }
}
