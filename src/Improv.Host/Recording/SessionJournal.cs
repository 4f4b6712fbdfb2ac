using System.Buffers.Binary;
using Improv.Host.Midi.Input;
using Improv.Music.Midi;
using Improv.Music.Notes;

namespace Improv.Host.Recording;

/// <summary>
/// The crash-safe record of one session: fixed 16-byte records appended as they happen and flushed to disk at least
/// once a second, so a kill -9 loses at most the last second; <see cref="ToMidi"/> turns a journal, finished or not,
/// into a two-track MIDI file. Written by hand because it must survive a torn last record, which no MIDI writer does.
/// </summary>
public sealed class SessionJournal : IDisposable
{
    public const string Extension = ".journal";

    private const int RecordSize = 16;
    private static readonly byte[] Magic = "IMPROVJ1"u8.ToArray();

    private readonly FileStream file;
    private readonly byte[] record = new byte[RecordSize];

    private SessionJournal(string path, FileStream file)
    {
        Path = path;
        this.file = file;
    }

    public string Path { get; }

    /// <summary>Starts a new journal in <paramref name="folder"/>, named by the local start time.</summary>
    public static SessionJournal Create(string folder, DateTime started)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, $"improv-{started:yyyyMMdd-HHmmss-fff}{Extension}");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 4096);
        file.Write(Magic);
        file.Flush(flushToDisk: true);
        return new SessionJournal(path, file);
    }

    /// <summary>Appends one event at <paramref name="microseconds"/> since the session began (buffered until Flush).</summary>
    public void Append(long microseconds, RecordedPart part, in LiveEvent played)
    {
        BinaryPrimitives.WriteInt64LittleEndian(record, microseconds);
        record[8] = (byte)part;
        record[9] = (byte)played.Kind;
        record[10] = played.Channel;
        record[11] = played.Data1;
        record[12] = played.Data2;
        file.Write(record);
    }

    /// <summary>Pushes what was appended to the disk itself, not only to the OS.</summary>
    public void Flush() => file.Flush(flushToDisk: true);

    public void Dispose() => file.Dispose();

    /// <summary>
    /// Writes the MIDI file for a journal (same name, .mid) and returns its path. A torn last record is ignored; notes
    /// still sounding when the journal ends end with its last event.
    /// </summary>
    public static string ToMidi(string journalPath)
    {
        var parts = new[] { new NotePairing(), new NotePairing() };
        var last = 0.0;
        foreach (var note in ReadNotes(journalPath))
        {
            parts[(int)note.Part].Take(note.Key, note.Velocity, note.Seconds);
            last = Math.Max(last, note.Seconds);
        }

        var midiPath = System.IO.Path.ChangeExtension(journalPath, ".mid");
        MidiFileWriter.Write(midiPath,
        [
            new NoteTrack("Player", parts[0].Finish(last)),
            new NoteTrack("Improv", parts[1].Finish(last), Channel: 1),
        ]);
        return midiPath;
    }

    /// <summary>
    /// The notes of <paramref name="part"/> that a journal shows sounding at its end: after a crash, what may still sound
    /// at the synth. Each with its MIDI channel (0-15).
    /// </summary>
    public static IReadOnlyList<(byte Channel, byte Key)> Sounding(string journalPath, RecordedPart part)
    {
        var sounding = new bool[16, 128];
        foreach (var note in ReadNotes(journalPath).Where(n => n.Part == part))
        {
            sounding[note.Channel & 15, note.Key & 127] = note.Velocity > 0;
        }

        var left = new List<(byte, byte)>();
        for (byte channel = 0; channel < 16; channel++)
        {
            for (byte key = 0; key < 128; key++)
            {
                if (sounding[channel, key])
                {
                    left.Add((channel, key));
                }
            }
        }

        return left;
    }

    /// <summary>The note events of a journal in the order written; a torn last record is ignored.</summary>
    private static IEnumerable<JournaledNote> ReadNotes(string journalPath)
    {
        var bytes = File.ReadAllBytes(journalPath);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{journalPath}: not an Improv session journal (bad header)");
        }

        var notes = new List<JournaledNote>();
        for (var at = Magic.Length; at + RecordSize <= bytes.Length; at += RecordSize)
        {
            var part = bytes[at + 8];
            var kind = (LiveEventKind)bytes[at + 9];
            if (part > 1 || kind is not (LiveEventKind.NoteOn or LiveEventKind.NoteOff))
            {
                continue;
            }

            notes.Add(new JournaledNote(
                BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at)) / 1e6,
                (RecordedPart)part,
                bytes[at + 10],
                bytes[at + 11],
                kind == LiveEventKind.NoteOn ? bytes[at + 12] : (byte)0));
        }

        return notes;
    }

    /// <summary>One note-on (velocity above 0) or note-off as journaled.</summary>
    private readonly record struct JournaledNote(double Seconds, RecordedPart Part, byte Channel, byte Key, byte Velocity);

    /// <summary>Pairs note-ons with note-offs of one part.</summary>
    private sealed class NotePairing
    {
        private readonly (double Start, int Velocity)?[] sounding = new (double, int)?[128];
        private readonly List<Note> notes = [];

        public void Take(int key, int velocity, double seconds)
        {
            if (sounding[key] is { } begun)
            {
                notes.Add(new Note(key, begun.Velocity, begun.Start, Math.Max(seconds, begun.Start + 0.001)));
                sounding[key] = null;
            }

            if (velocity > 0)
            {
                sounding[key] = (seconds, velocity);
            }
        }

        public List<Note> Finish(double end)
        {
            for (var key = 0; key < sounding.Length; key++)
            {
                Take(key, 0, end);
            }

            notes.Sort(NoteOrder.Compare);
            return notes;
        }
    }
}
