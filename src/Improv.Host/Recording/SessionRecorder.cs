using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Recording;

/// <summary>
/// Records each session's notes, the player's and Improv's. The handling thread (the player's notes) and the scheduler
/// thread (Improv's, as they leave) only copy events into a ring each (<see cref="Record"/>); this service's own loop journals them, flushing every half second, and turns the journal
/// into a MIDI file at the end. At start it first recovers journals that a crash left unfinished, and keeps the notes
/// they show Improv sounding (<see cref="LeftSounding"/>) for the scheduler to end.
/// </summary>
public sealed class SessionRecorder(
    IOptions<RecordingOptions> options,
    ImprovMetrics metrics,
    ILogger<SessionRecorder> log) : BackgroundService, IOutputTap
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    // A recorded event travels as a raw message: its first byte says which part played it. One ring per part, because
    // each part is recorded by its own thread and a ring has one producer.
    private readonly RawMessageRing[] rings = [new(8192, metrics.Dropped, DropReason.RecordingOverflow), new(8192, metrics.Dropped, DropReason.RecordingOverflow)];
    private readonly long origin = Stopwatch.GetTimestamp();
    private volatile bool recording;

    /// <summary>
    /// Keeps a note event for the session file: the player's from the handling thread only, Improv's from the scheduler
    /// thread only. Never blocks; a full ring counts a drop.
    /// </summary>
    public void Record(RecordedPart part, in LiveEvent played)
    {
        if (!recording || played.Kind is not (LiveEventKind.NoteOn or LiveEventKind.NoteOff))
        {
            return;
        }

        ReadOnlySpan<byte> bytes = [(byte)part, (byte)played.Kind, played.Channel, played.Data1, played.Data2];
        rings[(int)part].TryWrite(played.Time, 0, bytes, bytes.Length);
    }

    /// <summary>Improv's notes as the scheduler sends them.</summary>
    void IOutputTap.Sent(in LiveEvent message) => Record(RecordedPart.Improv, message);

    /// <summary>
    /// The notes (channel, key) that unfinished journals show Improv sounding when the last run died; known once this
    /// service has started, which it does before the scheduler opens the output.
    /// </summary>
    public IReadOnlyList<(byte Channel, byte Key)> LeftSounding { get; private set; } = [];

    /// <summary>Recovers what a crash left before anything plays, then starts recording.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            Recover(options.Value.Folder);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        SessionJournal journal;
        // Recording starts before the journal file appears: events kept from then on wait in the rings for it, and
        // whoever sees the file (a test) finds every later event recorded.
        recording = true;
        try
        {
            journal = SessionJournal.Create(settings.Folder, DateTime.Now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            recording = false;
            log.LogError("Not recording: cannot write in {Folder}: {Message}", Path.GetFullPath(settings.Folder), e.Message);
            return;
        }

        log.LogInformation("Recording this session to {Journal}", journal.Path);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(FlushInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                Drain(journal);
                journal.Flush();
            }
        }
        finally
        {
            recording = false;
            Drain(journal);
            journal.Flush();
            journal.Dispose();
            Finish(journal.Path);
        }
    }

    private void Drain(SessionJournal journal)
    {
        foreach (var ring in rings)
        {
            Drain(journal, ring);
        }
    }

    private void Drain(SessionJournal journal, RawMessageRing ring)
    {
        while (ring.TryRead(out var message))
        {
            ReadOnlySpan<byte> b = message.Bytes;
            var played = new LiveEvent((LiveEventKind)b[1], b[2], b[3], b[4], 0, message.ReceivedAt);
            var microseconds = (long)(Stopwatch.GetElapsedTime(origin, message.ReceivedAt).TotalMicroseconds);
            journal.Append(microseconds, (RecordedPart)b[0], played);
        }
    }

    private void Recover(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        var sounding = new List<(byte, byte)>();
        foreach (var unfinished in Directory.EnumerateFiles(folder, "*" + SessionJournal.Extension).ToList())
        {
            log.LogWarning("Recovering the unfinished session {Journal} (the last run did not stop cleanly)", unfinished);
            try
            {
                sounding.AddRange(SessionJournal.Sounding(unfinished, RecordedPart.Improv));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                log.LogError("Cannot read which notes {Journal} left sounding: {Message}", unfinished, e.Message);
            }

            Finish(unfinished);
        }

        LeftSounding = sounding.Distinct().ToList();
    }

    private void Finish(string journalPath)
    {
        try
        {
            var midi = SessionJournal.ToMidi(journalPath);
            File.Delete(journalPath);
            log.LogInformation("Session recorded: {Midi}", midi);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            log.LogError("Could not turn {Journal} into a MIDI file: {Message}; it is kept", journalPath, e.Message);
        }
    }
}
