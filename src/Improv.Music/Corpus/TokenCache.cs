using System.Text;
using Improv.Music.Tokens;

namespace Improv.Music.Corpus;

/// <summary>
/// The token cache on disk: one file per split (train.tokens, valid.tokens, test.tokens), each holding the
/// <see cref="Vocabulary.Version"/> it was written with, then per song its id and its tokens as 16-bit ids.
/// </summary>
public static class TokenCache
{
    private const string Magic = "IMPROVTK";
    private const int FormatVersion = 1;

    public static string FileOf(string directory, Split split) =>
        Path.Combine(directory, $"{split.ToString().ToLowerInvariant()}.tokens");

    public static void Write(string directory, TokenSplits splits)
    {
        Directory.CreateDirectory(directory);
        foreach (var split in Enum.GetValues<Split>())
        {
            var path = FileOf(directory, split);
            var temporary = path + ".partial";
            using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
            {
                writer.Write(Encoding.ASCII.GetBytes(Magic));
                writer.Write(FormatVersion);
                writer.Write(Vocabulary.Version);
                writer.Write(splits[split].Count);
                foreach (var song in splits[split])
                {
                    writer.Write(song.Id);
                    writer.Write(song.Tokens.Length);
                    foreach (var token in song.Tokens)
                        writer.Write(checked((ushort)token));
                }
            }
            // Readers never see half a cache: the file appears whole or not at all.
            File.Move(temporary, path, overwrite: true);
        }
    }

    /// <summary>Loads all three splits; a missing, damaged or other-vocabulary cache raises <see cref="InvalidDataException"/> naming the file.</summary>
    public static TokenSplits Load(string directory) =>
        new(LoadSplit(FileOf(directory, Split.Train)), LoadSplit(FileOf(directory, Split.Valid)), LoadSplit(FileOf(directory, Split.Test)));

    private static List<TokenizedSong> LoadSplit(string path)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: no token cache here; run `improv-data tokenize` first");
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic || reader.ReadInt32() != FormatVersion)
                throw new InvalidDataException($"{path}: not an Improv token cache of format {FormatVersion}");
            var vocabulary = reader.ReadString();
            if (vocabulary != Vocabulary.Version)
                throw new InvalidDataException($"{path}: written for vocabulary {vocabulary}, this build uses {Vocabulary.Version}; run `improv-data tokenize` again");
            var songs = new List<TokenizedSong>(reader.ReadInt32());
            for (var i = songs.Capacity; i > 0; i--)
            {
                var id = reader.ReadString();
                var tokens = new int[reader.ReadInt32()];
                for (var t = 0; t < tokens.Length; t++)
                    tokens[t] = reader.ReadUInt16();
                songs.Add(new TokenizedSong(id, tokens));
            }
            return songs;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: the token cache is truncated; run `improv-data tokenize` again");
        }
    }
}
