using Improv.Music.Tokens;

namespace Improv.Host.Improvisation;

/// <summary>
/// The tokens the improviser may choose next under the player's <see cref="Steering"/> and the notes it is sounding.
/// Rebuilt before every sampled step, into one preallocated array.
/// </summary>
public sealed class SteeringMask
{
    private readonly bool[] allowed = new bool[Vocabulary.Size];

    /// <summary>Fills the mask; <paramref name="soundingSince"/> holds each pitch's start time, NaN when silent.</summary>
    public ReadOnlySpan<bool> Build(Steering steering, ReadOnlySpan<double> soundingSince, int soundingCount, double now)
    {
        var roomForNote = soundingCount < steering.MaxPolyphony;
        for (var pitch = 0; pitch < Vocabulary.PitchCount; pitch++)
        {
            var sounding = !double.IsNaN(soundingSince[pitch]);
            allowed[Vocabulary.NoteOn(pitch)] = roomForNote && !sounding
                && pitch >= steering.LowestPitch && pitch <= steering.HighestPitch
                && (steering.Scale is not { } scale || scale.Contains(pitch));
            // Only release what sounds, and not before the shortest allowed length: no orphan or blip notes.
            allowed[Vocabulary.NoteOff(pitch)] = sounding && now - soundingSince[pitch] >= steering.MinNoteSeconds;
        }

        allowed.AsSpan(Vocabulary.TimeShiftOffset, Vocabulary.TimeShiftSteps + Vocabulary.VelocityBins).Fill(true);
        allowed[Vocabulary.StartToken] = false;
        allowed[Vocabulary.EndToken] = false;
        return allowed;
    }
}
