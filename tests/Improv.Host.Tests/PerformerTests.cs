using System.Diagnostics;
using System.Diagnostics.Metrics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Recording;
using Improv.Host.Telemetry;
using Improv.Music.Midi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Improv.Host.Improvisation;
using Improv.Host.Live;

namespace Improv.Host.Tests;

/// <summary>
/// Every way the player lets go reaches the responder and the session recording as note-offs, channel by channel; the
/// panic controller also stops Improv, and reaches the responder only as a panic.
/// </summary>
public sealed class PerformerTests
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void ChannelModeMessages_ReleaseTheKeysHeldOnTheirChannel_AndOnlyThePanicControllerPanics()
    {
        var metrics = new ImprovMetrics(services.GetRequiredService<IMeterFactory>());
        var heard = new Listener();
        var performer = new Performer(heard, new OutputSchedule(metrics), metrics, panicController: 123);

        Hear(performer, 0x90, 60, 100, 0x90, 64, 100, 0x91, 67, 100, 0x91, 69, 100, 0x81, 69, 0);
        heard.Events.Clear();

        Hear(performer, 0xB0, 123, 0);
        Assert.Equal(["NoteOff 0 60", "NoteOff 0 64"], heard.Events);
        Assert.Equal(1, heard.Panics);

        heard.Events.Clear();
        Hear(performer, 0xB1, 120, 0, 0xB1, 121, 0, 0xB0, 121, 0);
        Assert.Equal(["NoteOff 1 67", "ControlChange 1 120", "ControlChange 1 121", "ControlChange 0 121"], heard.Events);
        Assert.Equal(1, heard.Panics);
    }

    [Fact]
    public async Task ARelease_ByAllNotesOff_EndsThePlayersNoteInTheRecording()
    {
        var folder = Directory.CreateTempSubdirectory("improv-performer-recording-").FullName;
        var metrics = new ImprovMetrics(services.GetRequiredService<IMeterFactory>());
        var recorder = new SessionRecorder(Options.Create(new RecordingOptions { Folder = folder }), metrics, NullLogger<SessionRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        while (Directory.GetFiles(folder, "*" + SessionJournal.Extension).Length == 0)
        {
            await Task.Delay(10);
        }

        var performer = new Performer(new Listener(), new OutputSchedule(metrics), metrics, panicController: -1, recorder);
        var start = Stopwatch.GetTimestamp();
        Hear(performer, start, 0x90, 60, 100);
        Hear(performer, start + Stopwatch.Frequency / 10, 0xB0, 123, 0);
        Hear(performer, start + Stopwatch.Frequency, 0x90, 62, 100, 0x80, 62, 0);
        await recorder.StopAsync(CancellationToken.None);

        var session = MidiFileReader.Read(Assert.Single(Directory.GetFiles(folder, "*.mid")));
        Assert.Equal(2, session.Tracks.Single(t => t.Name == "Player").NoteCount);
        var released = session.Notes.Single(n => n.Pitch == 60);
        Assert.Equal(0.1, released.Duration, 2);
        Directory.Delete(folder, recursive: true);
    }

    private static void Hear(Performer performer, params int[] bytes) => Hear(performer, Stopwatch.GetTimestamp(), bytes);

    /// <summary>Three-byte messages, one at a time, as the receiver hands them over.</summary>
    private static void Hear(Performer performer, long at, params int[] bytes)
    {
        for (var i = 0; i < bytes.Length; i += 3)
        {
            var message = new RawMessage { ReceivedAt = at, Length = 3 };
            message.Bytes[0] = (byte)bytes[i];
            message.Bytes[1] = (byte)bytes[i + 1];
            message.Bytes[2] = (byte)bytes[i + 2];
            performer.Hear(message);
        }
    }

    /// <summary>A responder that writes down what it hears.</summary>
    private sealed class Listener : IResponder
    {
        public List<string> Events { get; } = [];

        public int Panics { get; private set; }

        public void Respond(in LiveEvent played, OutputSchedule schedule) =>
            Events.Add($"{played.Kind} {played.Channel} {played.Data1}");

        public void Panic(long now, OutputSchedule schedule) => Panics++;
    }
}
