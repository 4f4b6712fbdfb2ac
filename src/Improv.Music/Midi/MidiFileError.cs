namespace Improv.Music.Midi;

/// <summary>A MIDI file that cannot be read: names the file and what is wrong with it.</summary>
public sealed class MidiFileError(string path, string problem)
    : Exception($"{path}: {problem}")
{
    /// <summary>The file that failed to read.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong, without the file name (e.g. "truncated header: ...").</summary>
    public string Problem { get; } = problem;
}
