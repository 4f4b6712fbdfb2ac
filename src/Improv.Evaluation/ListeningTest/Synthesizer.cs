using System.Diagnostics;
using NAudio.Wave;

namespace Improv.Evaluation.ListeningTest;

/// <summary>
/// Renders MIDI files to WAV with FluidSynth and a General MIDI soundfont (Debian: fluidsynth, fluid-soundfont-gm),
/// found at run time; without them <see cref="Missing"/> says what to install and only MIDI is written.
/// </summary>
public sealed class Synthesizer
{
    private static readonly string[] SoundFonts =
    [
        "/usr/share/sounds/sf2/FluidR3_GM.sf2",
        "/usr/share/sounds/sf2/default-GM.sf2",
        "/usr/share/soundfonts/FluidR3_GM.sf2",
        "/usr/share/soundfonts/default.sf2",
    ];

    private readonly string program;
    private readonly string soundFont;

    private Synthesizer(string program, string soundFont)
    {
        this.program = program;
        this.soundFont = soundFont;
    }

    /// <summary>What is missing for WAV output, or null when <see cref="Find"/> succeeds.</summary>
    public static string? Missing()
    {
        var problems = new List<string>();
        if (FindProgram() is null)
        {
            problems.Add("fluidsynth is not on PATH (Debian/Ubuntu: apt-get install fluidsynth)");
        }

        if (SoundFonts.FirstOrDefault(File.Exists) is null)
        {
            problems.Add($"no General MIDI soundfont at {string.Join(" or ", SoundFonts)} (Debian/Ubuntu: apt-get install fluid-soundfont-gm)");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>FluidSynth with a GM soundfont, or null when either is missing.</summary>
    public static Synthesizer? Find() =>
        FindProgram() is { } program && SoundFonts.FirstOrDefault(File.Exists) is { } font ? new Synthesizer(program, font) : null;

    /// <summary>Renders <paramref name="midi"/> to a 44.1 kHz stereo WAV, faster than real time, with no audio device.</summary>
    public void Render(string midi, string wav)
    {
        var start = new ProcessStartInfo(program)
        {
            ArgumentList = { "-ni", "-q", "-g", "1.0", "-r", "44100", "-F", wav, soundFont, midi },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new IOException($"{program} did not start");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(wav))
        {
            throw new IOException($"fluidsynth could not render {midi} to {wav} (exit {process.ExitCode}): {errors.Result.Trim()}");
        }
    }

    /// <summary>
    /// Renders the two files of a pair and pads the shorter WAV with silence to the longer's length: FluidSynth stops at
    /// the last note-off, so unequal lengths would tell a listener which file is which before a note is heard.
    /// </summary>
    public void RenderPair(string midiA, string midiB, string wavA, string wavB)
    {
        Render(midiA, wavA);
        Render(midiB, wavB);
        long Length(string wav)
        {
            using var reader = new WaveFileReader(wav);
            return reader.Length;
        }

        var (lengthA, lengthB) = (Length(wavA), Length(wavB));
        if (lengthA != lengthB)
        {
            PadWithSilence(lengthA < lengthB ? wavA : wavB, Math.Max(lengthA, lengthB));
        }
    }

    private static void PadWithSilence(string wav, long length)
    {
        var padded = wav + ".padded";
        using (var reader = new WaveFileReader(wav))
        using (var writer = new WaveFileWriter(padded, reader.WaveFormat))
        {
            reader.CopyTo(writer);
            var silence = new byte[reader.WaveFormat.BlockAlign * 1024];
            for (var left = length - reader.Length; left > 0; left -= silence.Length)
            {
                writer.Write(silence, 0, (int)Math.Min(silence.Length, left));
            }
        }

        File.Move(padded, wav, overwrite: true);
    }

    private static string? FindProgram() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "fluidsynth"))
            .FirstOrDefault(File.Exists);
}
