using Improv.Music.Notes;

namespace Improv.Music.Midi;

/// <summary>A named part to write to a MIDI file, e.g. "Player" or "Improv", on MIDI channel 0-15.</summary>
public sealed record NoteTrack(string Name, IReadOnlyList<Note> Notes, int Channel = 0);
