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

    /// <summary>The journal reaches the disk twice a second: a note that began a second before the kill is surely in it.</summary>
    private const double SurelyJournaledSeconds = 1.0;

    private readonly string folder = Directory.CreateTempSubdirectory("improv-crash-recovery-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void AfterAKill9MidAnswer_TheNextStartEndsEveryNoteTheJournalShowsSounding()
    {
        using var synth = MidiPeer.Start("synth", "synth");
        Assert.Equal("READY", synth.ReadLine(TimeSpan.FromSeconds(30)));
        var settings = new[]
        {
            "--output", SynthPort, $"--Improv:Recording:Folder={folder}", "--Improv:Improvisation:Seed=5",
            "--Improv:Improvisation:MinAnswerSeconds=30", "--Improv:Improvisation:MaxAnswerSeconds=60",
            // Notes of at least a second, so one is surely journaled while it still sounds.
            "--Improv:Improvisation:MinNoteMilliseconds=1000", "--Improv:Improvisation:MaxNoteMilliseconds=10000",
        };

        var sounding = new Dictionary<(int Channel, int Key), double>();
        double killedAt;
        using (var crashing = DaemonProcess.Start(settings))
        {
            Call();
            // Kill once a note has sounded long enough to be journaled, while it (and maybe others) still sounds.
            var deadline = Now() + 60;
            while (!sounding.Values.Any(began => Now() - began >= SurelyJournaledSeconds + 0.2))
            {
                Assert.True(Now() < deadline, "no note of the answer sounded long enough to be journaled");
                if (synth.ReadLine(TimeSpan.FromMilliseconds(50)) is { } line)
                {
                    Track(sounding, line);
                }
            }

            crashing.Kill();
            killedAt = Now();
        }

        // What JACK delivered before the kill may still be on its way to the synth's reader.
        while (synth.ReadLine(TimeSpan.FromMilliseconds(500)) is { } late)
        {
            Track(sounding, late);
        }

        Assert.NotEmpty(sounding);
        var startedAt = Now();
        using var restarted = DaemonProcess.Start(settings);
        var readyAt = Now();
        var heard = new List<(double Seconds, byte[] Bytes)>();
        var heardUntil = Now() + 5;
        while (Now() < heardUntil && synth.ReadLine(TimeSpan.FromMilliseconds(200)) is var line)
        {
            if (line is not null)
            {
                var parts = line.Split(' ');
                heard.Add((double.Parse(parts[0], CultureInfo.InvariantCulture), Convert.FromHexString(parts[1])));
            }
        }

        output.WriteLine($"sounding at the kill: {string.Join(", ", sounding.Select(s => $"ch {s.Key.Channel} key {s.Key.Key} for {killedAt - s.Value:0.00} s"))}");
        output.WriteLine($"restart took {readyAt - startedAt:0.00} s to be ready; heard: {string.Join(", ", heard.Select(h => $"{h.Seconds - startedAt:0.000} {Convert.ToHexString(h.Bytes)}"))}");

        // Before anything else the restarted daemon plays: a note-off for each note the journal surely shows sounding ...
        var firstNoteOn = heard.FindIndex(h => (h.Bytes[0] & 0xF0) == 0x90 && h.Bytes[2] > 0);
        var ending = firstNoteOn < 0 ? heard : heard[..firstNoteOn];
        foreach (var ((channel, key), began) in sounding.Where(s => killedAt - s.Value >= SurelyJournaledSeconds))
        {
            Assert.True(ending.Any(h => IsNoteOff(h.Bytes, channel, key)),
                $"no note-off for channel {channel} key {key} (journaled {killedAt - began:0.00} s before the kill) before anything else");
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

    private static bool IsNoteOff(byte[] bytes, int channel, int key) =>
        bytes.Length == 3 && bytes[1] == key && (bytes[0] == (0x80 | channel) || bytes[0] == (0x90 | channel) && bytes[2] == 0);

    /// <summary>Seconds on the monotonic clock the synth peer stamps its messages with (CLOCK_MONOTONIC on Linux).</summary>
    private static double Now() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
