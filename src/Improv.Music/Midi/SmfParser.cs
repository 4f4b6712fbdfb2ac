using System.Buffers.Binary;
using System.Text;

namespace Improv.Music.Midi;

/// <summary>
/// Reads the bytes of a Standard MIDI File (format 0 or 1) into <see cref="SmfContent"/>.
/// Hand-written rather than NAudio's MidiFile because NAudio falls short for a corpus reader: its tolerant
/// mode silently drops malformed events, its strict mode rejects note-ons that are never released, and its
/// errors ("Unable to read beyond the end of the stream") say neither where nor what. Here every failure
/// names the byte offset, the track and the problem. Writing stays with NAudio (<see cref="MidiFileWriter"/>).
/// </summary>
internal sealed class SmfParser
{
    private const int HeaderSize = 14;
    private const int ChunkHeaderSize = 8;

    private readonly byte[] bytes;
    private readonly string path;
    private int position;

    private SmfParser(byte[] bytes, string path)
    {
        this.bytes = bytes;
        this.path = path;
    }

    /// <summary>Parses a whole file; throws <see cref="MidiFileError"/> naming <paramref name="path"/> on any defect.</summary>
    public static SmfContent Parse(byte[] bytes, string path) => new SmfParser(bytes, path).ReadFile();

    private SmfContent ReadFile()
    {
        if (bytes.Length < HeaderSize)
            throw Fail($"truncated header: the file has {bytes.Length} bytes, a MIDI header needs {HeaderSize}");
        var id = ChunkId(0);
        if (id != "MThd")
            throw Fail($"not a Standard MIDI File: it starts with \"{Printable(id)}\" instead of \"MThd\"");
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4));
        if (headerLength < 6 || headerLength > bytes.Length - ChunkHeaderSize)
            throw Fail($"bad chunk length: the header chunk declares {headerLength} bytes (6 expected, {bytes.Length - ChunkHeaderSize} in the file)");
        int format = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8));
        int declaredTracks = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(10));
        int division = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(12));
        if (format > 1)
            throw Fail($"format {format} is not supported: only format 0 (one track) and 1 (parallel tracks)");
        if (division == 0 || (division & 0x8000) != 0 && (division & 0xFF) == 0)
            throw Fail($"bad header: the time division 0x{division:X4} has 0 ticks per quarter note (or per SMPTE frame)");

        position = ChunkHeaderSize + (int)headerLength;
        var tracks = new List<SmfTrack>(declaredTracks);
        var tempos = new List<TempoChange>();
        // Chunks after the declared tracks are ignored: some writers pad files with trailing bytes.
        while (tracks.Count < declaredTracks)
        {
            var left = bytes.Length - position;
            if (left < ChunkHeaderSize)
                throw Fail($"truncated: the header declares {declaredTracks} tracks but the file ends after {tracks.Count} (byte {bytes.Length})");
            var chunkStart = position;
            var chunk = ChunkId(chunkStart);
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(chunkStart + 4));
            if (!chunk.All(c => c is >= ' ' and <= '~'))
                throw Fail($"garbage chunk at byte {chunkStart}: id \"{Printable(chunk)}\" is not a chunk type (is a previous chunk length wrong?)");
            if (length > left - ChunkHeaderSize)
                throw Fail($"bad chunk length: chunk \"{chunk}\" at byte {chunkStart} declares {length} bytes but only {left - ChunkHeaderSize} remain");
            var body = chunkStart + ChunkHeaderSize;
            // Unknown chunk types are skipped, as the SMF specification asks.
            if (chunk == "MTrk")
                tracks.Add(ReadTrack(tracks.Count, body, body + (int)length, tempos));
            position = body + (int)length;
        }
        return new SmfContent(format, division, tracks, tempos);
    }

    private SmfTrack ReadTrack(int track, int start, int end, List<TempoChange> tempos)
    {
        position = start;
        long tick = 0;
        byte runningStatus = 0;
        var name = "";
        var messages = new List<ChannelMessage>();
        while (position < end)
        {
            var eventStart = position;
            tick += ReadVariableLength(track, end, eventStart);
            var status = ReadByte(track, end, eventStart);
            if (status < 0x80)
            {
                if (runningStatus == 0)
                    throw Fail($"garbage event at byte {eventStart} in track {track}: data byte 0x{status:X2} with no status before it");
                status = runningStatus;
                position--;
            }

            if (status < 0xF0)
            {
                // Meta and sysex events leave running status alone: the SMF text says they cancel it, but
                // files in the wild rely on it surviving, and keeping it accepts both.
                runningStatus = status;
                var kind = (byte)(status & 0xF0);
                var data1 = ReadDataByte(track, end, eventStart);
                var data2 = kind is 0xC0 or 0xD0 ? (byte)0 : ReadDataByte(track, end, eventStart);
                if (kind is ChannelMessage.NoteOn or ChannelMessage.NoteOff
                    || (kind == ChannelMessage.ControlChange && data1 == ChannelMessage.SustainPedal))
                    messages.Add(new ChannelMessage(tick, kind, (byte)(status & 0x0F), data1, data2));
            }
            else if (status == 0xFF)
            {
                var type = ReadByte(track, end, eventStart);
                var length = ReadLength(track, end, eventStart);
                var data = bytes.AsSpan(position, length);
                position += length;
                if (type == 0x2F)
                    break;
                if (type == 0x51)
                {
                    var microseconds = length == 3 ? data[0] << 16 | data[1] << 8 | data[2] : 0;
                    if (microseconds == 0)
                        throw Fail($"garbage event at byte {eventStart} in track {track}: a set-tempo event with {length} data bytes and tempo 0");
                    tempos.Add(new TempoChange(tick, microseconds));
                }
                else if (type == 0x03 && name.Length == 0)
                {
                    name = Encoding.Latin1.GetString(data);
                }
            }
            else if (status is 0xF0 or 0xF7)
            {
                position += ReadLength(track, end, eventStart);
            }
            else
            {
                throw Fail($"garbage event at byte {eventStart} in track {track}: status byte 0x{status:X2} cannot appear in a MIDI file");
            }
        }
        return new SmfTrack(name, messages, tick);
    }

    private long ReadVariableLength(int track, int end, int eventStart)
    {
        long value = 0;
        for (var i = 0; i < 4; i++)
        {
            var b = ReadByte(track, end, eventStart);
            value = value << 7 | (uint)(b & 0x7F);
            if (b < 0x80)
                return value;
        }
        throw Fail($"garbage event at byte {eventStart} in track {track}: a variable-length number longer than 4 bytes");
    }

    private int ReadLength(int track, int end, int eventStart)
    {
        var length = ReadVariableLength(track, end, eventStart);
        if (length > end - position)
            throw Fail($"truncated event at byte {eventStart} in track {track}: it declares {length} data bytes but its track chunk ends at byte {end}");
        return (int)length;
    }

    private byte ReadDataByte(int track, int end, int eventStart)
    {
        var b = ReadByte(track, end, eventStart);
        if (b >= 0x80)
            throw Fail($"garbage event at byte {eventStart} in track {track}: data byte 0x{b:X2} has its top bit set");
        return b;
    }

    private byte ReadByte(int track, int end, int eventStart)
    {
        if (position >= end)
            throw Fail($"truncated event at byte {eventStart} in track {track}: it runs past the end of its track chunk (byte {end})");
        return bytes[position++];
    }

    private string ChunkId(int offset) => Encoding.Latin1.GetString(bytes, offset, 4);

    private static string Printable(string id) =>
        string.Concat(id.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\x{(int)c:X2}"));

    private MidiFileError Fail(string problem) => new(path, problem);
}
