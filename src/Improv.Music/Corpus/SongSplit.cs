using System.Security.Cryptography;
using System.Text;

namespace Improv.Music.Corpus;

/// <summary>
/// The deterministic 80/10/10 split: a song's part follows from the SHA-256 of its id alone, so it is the same on every
/// machine, run and .NET version (string.GetHashCode is randomised per process) and adding songs never moves old ones.
/// </summary>
public static class SongSplit
{
    public static Split Of(string songId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(songId), hash);
        var percentile = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) % 100;
        return percentile switch
        {
            < 80 => Split.Train,
            < 90 => Split.Valid,
            _ => Split.Test,
        };
    }
}
