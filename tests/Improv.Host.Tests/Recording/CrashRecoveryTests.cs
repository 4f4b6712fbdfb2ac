using System.Diagnostics;
using System.Globalization;
using Improv.Host.Tests.Improvisation;
using Xunit.Abstractions;

namespace Improv.Host.Tests.Recording;

/// <summary>
/// A daemon killed with -9 in the middle of an answer leaves notes sounding at the synth; the next start ends them from
/// the crashed session's journal, before it plays anything. The synth is an independent JACK client that both daemons
/// play into by name (--output), as a restart by systemd would reconnect to it.
/// </summary>
[Collection(JackCollection.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const string SynthPort = "improv-test-synth:synth";

    private readonly string folder = Directory.CreateTempSubdirectory("improv-crash-recovery-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("RtMidiJack")]
    [InlineData("Jack")]
    public void AfterAKill9MidAnswer_TheNextStartEndsEveryNoteTheJournalShowsSounding(string backend)
    {
        using var synth = MidiPeer.Start("synth", "synth");
        Assert.Equal("READY", synth.ReadLine(TimeSpan.FromSeconds(30)));
        var settings = new[]
        {
            "--backend", backend, "--output", SynthPort, $"--Improv:Recording:Folder={folder}", "--Improv:Improvisation:Seed=5",
            "--Improv:Improvisation:MinAnswerSeconds=30", "--Improv:Improvisation:MaxAnswerSeconds=60",
            // Notes of at least a second, so one journaled (the journal is written twice a second) still sounds.
            "--Improv:Improvisation:MinNoteMilliseconds=1000", "--Improv:Improvisation:MaxNoteMilliseconds=10000",
        };

        var sounding = new Dictionary<(int Channel, int Key), double>();
        IReadOnlySet<(int Channel, int Key)> journaled;
        double killedAt;
        using (var crashing = DaemonProcess.Start(settings))
        {
            Call();
            // Kill while the journal shows a note sounding that began less than 0.8 s ago at the synth: notes last at
            // least a second, so it still sounds when the kill lands.
            var journal = Assert.Single(Directory.GetFiles(folder, "*.journal"));
            var deadline = Now() + 60;
            while (!JournalSounding(journal).Any(note => sounding.TryGetValue(note, out var began) && Now() - began < 0.8))
            {
                Assert.True(Now() < deadline, "the journal never showed a note of the answer sounding while it sounded");
                if (synth.ReadLine(TimeSpan.FromMilliseconds(20)) is { } line)
                {
                    Track(sounding, line);
                }
            }

            crashing.Kill();
            killedAt = Now();
            journaled = JournalSounding(journal);
        }

        // What JACK delivered before the kill may still be on its way to the synth's reader.
        while (synth.ReadLine(TimeSpan.FromMilliseconds(500)) is { } late)
        {
            Track(sounding, late);
        }

        // The kill came while the journal showed a note that the synth still sounded.
        Assert.Contains(journaled, sounding.ContainsKey);
        var startedAt = Now();
        using var restarted = DaemonProcess.Start(settings);
        var readyAt = Now();
        var heard = new List<(double Seconds, byte[] Bytes)>();
        // Until the last All Notes Off it owes has come, or a minute: a restart on a loaded machine waits on jackd,
        // which can stall for many seconds while it reaps the killed client (once 27 s to ready, and a fixed 5 s
        // after that heard nothing yet). Nothing else plays meanwhile: no one calls the restarted daemon.
        var channels = sounding.Keys.Select(k => k.Channel).Distinct().ToList();
        var heardUntil = Now() + 60;
        while (Now() < heardUntil && !channels.All(channel => heard.Any(h => h.Bytes[0] == (0xB0 | channel) && h.Bytes[1] == 123)))
        {
            if (synth.ReadLine(TimeSpan.FromMilliseconds(200)) is { } line)
            {
                var parts = line.Split(' ');
                heard.Add((double.Parse(parts[0], CultureInfo.InvariantCulture), Convert.FromHexString(parts[1])));
            }
        }

        output.WriteLine($"sounding at the kill: {string.Join(", ", sounding.Select(s => $"ch {s.Key.Channel} key {s.Key.Key} for {killedAt - s.Value:0.00} s"))}");
        output.WriteLine($"restart took {readyAt - startedAt:0.00} s to be ready; heard: {string.Join(", ", heard.Select(h => $"{h.Seconds - startedAt:0.000} {Convert.ToHexString(h.Bytes)}"))}");

        // Before anything else the restarted daemon plays: a note-off for each note the journal shows sounding ...
        var firstNoteOn = heard.FindIndex(h => (h.Bytes[0] & 0xF0) == 0x90 && h.Bytes[2] > 0);
        var ending = firstNoteOn < 0 ? heard : heard[..firstNoteOn];
        foreach (var (channel, key) in journaled)
        {
            Assert.True(ending.Any(h => IsNoteOff(h.Bytes, channel, key)), $"no note-off for channel {channel} key {key} before anything else");
        }

        // ... then All Notes Off on each channel used, which also ends any note younger than the last journal flush.
        foreach (var channel in sounding.Keys.Select(k => k.Channel).Distinct())
        {
            Assert.Contains(ending, h => h.Bytes[0] == (0xB0 | channel) && h.Bytes[1] == 123);
        }
    }

    private static void Call()
    {
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, PlayerScript.TestSplitPhrase(8).SelectMany(n => new[] { $"90{n.Pitch:x2}{n.Velocity:x2}", $"80{n.Pitch:x2}00" }));
        try
        {
            using var player = MidiPeer.Start("send", "Improv In:Improv In", file);
            Assert.Equal("SENT", player.ReadLine(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Track(Dictionary<(int Channel, int Key), double> sounding, string line)
    {
        var parts = line.Split(' ');
        var bytes = Convert.FromHexString(parts[1]);
        var note = (bytes[0] & 0x0F, (int)bytes[1]);
        if ((bytes[0] & 0xF0) == 0x90 && bytes[2] > 0)
        {
            sounding[note] = double.Parse(parts[0], CultureInfo.InvariantCulture);
        }
        else if (IsNoteOff(bytes, note.Item1, note.Item2))
        {
            sounding.Remove(note);
        }
    }

    /// <summary>
    /// Improv's notes sounding at the end of a journal, read here from its documented layout (8-byte header, then 16-byte
    /// records: microseconds, part, kind, channel, key, velocity), independently of the daemon's reader.
    /// </summary>
    private static IReadOnlySet<(int Channel, int Key)> JournalSounding(string journal)
    {
        using var file = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        var sounding = new HashSet<(int, int)>();
        for (var at = 8; at + 16 <= bytes.Length; at += 16)
        {
            const byte improv = 1, noteOff = 0, noteOn = 1;
            if (bytes[at + 8] != improv || bytes[at + 9] is not (noteOff or noteOn))
            {
                continue;
            }

            var note = ((int)bytes[at + 10], (int)bytes[at + 11]);
            if (bytes[at + 9] == noteOn && bytes[at + 12] > 0)
            {
                sounding.Add(note);
            }
            else
            {
                sounding.Remove(note);
            }
        }

        return sounding;
    }

    private static bool IsNoteOff(byte[] bytes, int channel, int key) =>
        bytes.Length == 3 && bytes[1] == key && (bytes[0] == (0x80 | channel) || bytes[0] == (0x90 | channel) && bytes[2] == 0);

    /// <summary>Seconds on the monotonic clock the synth peer stamps its messages with (CLOCK_MONOTONIC on Linux).</summary>
    private static double Now() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
