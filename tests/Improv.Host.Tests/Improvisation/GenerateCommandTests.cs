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
}
