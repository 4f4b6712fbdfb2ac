namespace Improv.Host.Improvisation;

/// <summary>A note the model decided to start or end, at a time in seconds on the performance clock.</summary>
public readonly record struct VoiceEvent(bool IsNoteOn, int Pitch, int Velocity, double Seconds);
