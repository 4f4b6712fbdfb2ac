using Improv.Music.Corpus;
using Improv.TestSupport;

namespace Improv.Model.Tests;

/// <summary>A few real POP909 files copied into a folder: the shortest songs of each split, so runs take seconds.</summary>
internal static class CorpusSample
{
    public static void CopyTo(string folder, int train, int valid, int test)
    {
        var files = CorpusLoader.MidiFiles(Repository.Pop909)
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.Length)
            .ToArray();
        var wanted = new Dictionary<Split, int> { [Split.Train] = train, [Split.Valid] = valid, [Split.Test] = test };
        Directory.CreateDirectory(folder);
        foreach (var file in files)
        {
            var split = SongSplit.Of(Path.GetFileNameWithoutExtension(file.Name));
            if (wanted[split] > 0)
            {
                file.CopyTo(Path.Combine(folder, file.Name));
                wanted[split]--;
            }
        }
    }
}
