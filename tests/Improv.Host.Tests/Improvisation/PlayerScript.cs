using Improv.Music.Midi;
using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// What the test player does, as steps for the MIDI peer's `script` mode, and what it heard back.
/// The phrase comes from a real song of the POP909 test split.
/// </summary>
public sealed class PlayerScript
{
    private readonly List<string> steps = [];

    /// <summary>The repository's top folder, found from the test's own folder.</summary>
    public static string Repository => TestSupport.Repository.Root;

    /// <summary>The bundled default model, models/default.</summary>
    public static string DefaultModel => TestSupport.Repository.DefaultModel;

    /// <summary>The bundled model's accompaniment of <paramref name="lead"/>, played offline as the daemon plays it, steered by <paramref name="steering"/>.</summary>
    public static List<Note> Accompany(Inference.Step.StepSession session, IReadOnlyList<Note> lead, int seed, Host.Improvisation.Steering steering)
    {
        session.Reset();
        var voice = new Host.Improvisation.ModelVoice(session, seed, role: new Host.Improvisation.VoiceRole(Part.Lead, Part.Accompaniment, "pop"))
        {
            Steering = steering,
        };
        return Host.Improvisation.Continuation.Accompany(voice, lead);
    }

    /// <summary>The bundled (two-part, styled) model's vocabulary.</summary>
    public static TokenVocabulary DefaultVocabulary()
    {
        using var model = Inference.Model.ModelPackage.Load(DefaultModel);
        return model.Vocabulary;
    }

    /// <summary>The first model, one part and no styles (performance-v1): kept so v1 models are proved to load and play.</summary>
    public static string V1Model { get; } = Path.Combine(Repository, "models", "v1");

    /// <summary>The first <paramref name="count"/> POP909 test-split songs, MELODY and BRIDGE as lead and PIANO as accompaniment.</summary>
    public static IReadOnlyList<ParsedMidiFile> TestSongs(int count) =>
        [.. File.ReadLines(Path.Combine(Repository, "data", "pop909", "splits", "test.txt"))
            .Where(l => l.Trim().Length > 0).Take(count)
            .Select(song => MidiFileReader.Read(Directory.GetFiles(Path.Combine(Repository, "data", "pop909", "POP909", song.Trim()), "*.mid").First(),
                track => track.Trim() is "MELODY" or "BRIDGE" ? Part.Lead : Part.Accompaniment))];

    /// <summary>
    /// The opening of the first test-split song: its first <paramref name="noteCount"/> notes (of <paramref name="part"/>
    /// alone when given), with rests longer than 0.3 s cut to 0.3 s and notes shortened to 0.4 s, so the call has no
    /// silence Improv would take for its end.
    /// </summary>
    public static IReadOnlyList<Note> TestSplitPhrase(int noteCount, Part? part = null)
    {
        var song = TestSongs(1)[0];
        var notes = song.Notes.Where(n => part is null || n.Part == part).OrderBy(n => n.Start).Take(noteCount).ToList();
        var phrase = new List<Note>();
        var at = 0.0;
        for (var i = 0; i < notes.Count; i++)
        {
            at += i == 0 ? 0 : Math.Min(notes[i].Start - notes[i - 1].Start, 0.3);
            phrase.Add(notes[i] with { Start = at, End = at + Math.Min(notes[i].Duration, 0.4) });
        }

        return phrase;
    }

    public PlayerScript Play(IReadOnlyList<Note> phrase) => Play(phrase, letGo: _ => true);

    /// <summary>Plays the phrase, with note-offs only for the notes <paramref name="letGo"/> picks.</summary>
    private PlayerScript Play(IReadOnlyList<Note> phrase, Func<Note, bool> letGo)
    {
        var events = phrase
            .SelectMany(n => letGo(n)
                ? new[] { (Time: n.Start, Hex: $"90{n.Pitch:x2}{n.Velocity:x2}"), (Time: n.End, Hex: $"80{n.Pitch:x2}00") }
                : [(Time: n.Start, Hex: $"90{n.Pitch:x2}{n.Velocity:x2}")])
            .OrderBy(e => e.Time).ThenBy(e => e.Hex.StartsWith("90", StringComparison.Ordinal));
        var now = 0.0;
        foreach (var (time, hex) in events)
        {
            if (time > now)
            {
                Sleep(time - now);
                now = time;
            }

            Send(hex);
        }

        return this;
    }

    /// <summary>
    /// Plays <paramref name="phrase"/> but lets go of the keys still held at its end as a DAW's transport stop does: no
    /// note-off for them, <paramref name="controller"/> (a channel-mode message: 120, 121 or 123) on all 16 channels instead.
    /// </summary>
    public PlayerScript PlayLettingGoBy(IReadOnlyList<Note> phrase, int controller)
    {
        var lastStart = phrase.Max(n => n.Start);
        var held = phrase.Where(n => n.End > lastStart).ToList();
        Play(phrase, letGo: n => !held.Contains(n));
        Sleep(held.Max(n => n.End) - lastStart);
        for (var channel = 0; channel < 16; channel++)
        {
            Send($"b{channel:x}{controller:x2}00");
        }

        return this;
    }

    public PlayerScript Send(string hex)
    {
        steps.Add($"send {hex}");
        return this;
    }

    public PlayerScript Sleep(double seconds)
    {
        steps.Add($"sleep {seconds:0.000}");
        return this;
    }

    /// <summary>From here on the player also hears what it sends, through JACK, timed as Improv's answers are.</summary>
    public PlayerScript Loopback()
    {
        steps.Add("loopback");
        return this;
    }

    /// <summary>Sends MIDI Start, then clock (24 pulses a quarter note) at <paramref name="beatsPerMinute"/> until the script ends.</summary>
    public PlayerScript Clock(double beatsPerMinute)
    {
        steps.Add($"clock {beatsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return this;
    }

    /// <summary>Waits until Improv sends something new, at most <paramref name="seconds"/>.</summary>
    public PlayerScript AwaitAnswer(double seconds)
    {
        steps.Add($"await {seconds:0.0}");
        return this;
    }

    /// <summary>Plays the script into "Improv In" while listening to "Improv Out"; returns the timed log.</summary>
    public IReadOnlyList<Heard> Run()
    {
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, steps);
        try
        {
            using var peer = MidiPeer.Start("script", "Improv In:Improv In", "Improv Out:Improv Out", file);
            return peer.ReadToEnd(TimeSpan.FromSeconds(120)).Select(Heard.Parse).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>One line of the peer's log: when, sent or got, which MIDI bytes.</summary>
public readonly record struct Heard(double Seconds, bool Sent, byte[] Bytes)
{
    public bool IsNoteOn => (Bytes[0] & 0xF0) == 0x90 && Bytes[2] > 0;

    public bool IsNoteOff => (Bytes[0] & 0xF0) == 0x80 || (Bytes[0] & 0xF0) == 0x90 && Bytes[2] == 0;

    public int Key => Bytes[1];

    public static Heard Parse(string line)
    {
        var parts = line.Split(' ');
        return new Heard(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1] == "sent", Convert.FromHexString(parts[2]));
    }
}
