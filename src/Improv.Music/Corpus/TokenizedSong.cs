namespace Improv.Music.Corpus;

/// <summary>A song as Performance RNN tokens (<see cref="Tokens.PerformanceEncoder.Encode"/>, no START/END).</summary>
public sealed record TokenizedSong(string Id, int[] Tokens);
