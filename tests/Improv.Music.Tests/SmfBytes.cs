namespace Improv.Music.Tests;

/// <summary>Builds Standard MIDI File bytes by hand, so reader tests do not depend on the code they test.</summary>
internal static class SmfBytes
{
    public static byte[] File(int format, int division, params byte[][] tracks) =>
        [.. Header(format, tracks.Length, division), .. tracks.SelectMany(t => Chunk(t))];

    public static byte[] Header(int format, int tracks, int division) =>
        [(byte)'M', (byte)'T', (byte)'h', (byte)'d', 0, 0, 0, 6, 0, (byte)format, (byte)(tracks >> 8), (byte)tracks, (byte)(division >> 8), (byte)division];

    public static byte[] Chunk(byte[] body) => Chunk(body, body.Length);

    public static byte[] Chunk(byte[] body, int declaredLength) =>
        [(byte)'M', (byte)'T', (byte)'r', (byte)'k', (byte)(declaredLength >> 24), (byte)(declaredLength >> 16), (byte)(declaredLength >> 8), (byte)declaredLength, .. body];

    /// <summary>A track body from (delta ticks, event bytes) pairs, ending with end-of-track.</summary>
    public static byte[] Track(params (int Delta, byte[] Event)[] events) =>
        [.. events.SelectMany(e => (byte[])[.. VariableLength(e.Delta), .. e.Event]), 0, 0xFF, 0x2F, 0];

    public static byte[] On(int channel, int pitch, int velocity) => [(byte)(0x90 | channel), (byte)pitch, (byte)velocity];

    public static byte[] Off(int channel, int pitch) => [(byte)(0x80 | channel), (byte)pitch, 64];

    public static byte[] Pedal(int channel, bool down) => [(byte)(0xB0 | channel), 64, (byte)(down ? 127 : 0)];

    public static byte[] Tempo(int microsecondsPerQuarter) =>
        [0xFF, 0x51, 3, (byte)(microsecondsPerQuarter >> 16), (byte)(microsecondsPerQuarter >> 8), (byte)microsecondsPerQuarter];

    public static byte[] Name(string name) => [0xFF, 0x03, (byte)name.Length, .. name.Select(c => (byte)c)];

    public static byte[] VariableLength(int value)
    {
        var bytes = new List<byte> { (byte)(value & 0x7F) };
        for (value >>= 7; value > 0; value >>= 7)
            bytes.Insert(0, (byte)(0x80 | (value & 0x7F)));
        return [.. bytes];
    }
}
