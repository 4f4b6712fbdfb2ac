using Improv.Music.Notes;

namespace Improv.Host.Improvisation;

/// <summary>A note the model decided to start or end, in one of its parts, at a time in seconds on the performance clock.</summary>
public readonly record struct VoiceEvent(bool IsNoteOn, int Pitch, int Velocity, double Seconds, Part Part = Part.Lead);
