using Improv.Music.Notes;
using Improv.Music.Tokens;

namespace Improv.Host.Improvisation;

/// <summary>
/// The tokens the improviser may choose next under the player's <see cref="Steering"/> and the notes it is sounding:
/// only its own part's notes, never START, END or a style. Rebuilt before every sampled step, into one preallocated
/// array.
/// </summary>
public sealed class SteeringMask
{
    private readonly TokenVocabulary vocabulary;
    private readonly bool[] allowed;

    /// <summary>A mask over <paramref name="vocabulary"/> for a voice that plays <paramref name="part"/> (every part when null).</summary>
    public SteeringMask(TokenVocabulary vocabulary, Part? part)
    {
        this.vocabulary = vocabulary;
        Part = part;
        allowed = new bool[vocabulary.Size];
    }

    /// <summary>The part whose notes the voice may choose; every part's when null.</summary>
    public Part? Part { get; set; }

    /// <summary>
    /// Fills the mask; <paramref name="soundingSince"/> holds each note's start time by part and pitch (part x 128 +
    /// pitch, as the NOTE_ON tokens are numbered), NaN when silent.
    /// </summary>
    public ReadOnlySpan<bool> Build(Steering steering, ReadOnlySpan<double> soundingSince, int soundingCount, double now)
    {
        var roomForNote = soundingCount < steering.MaxPolyphony;
        for (var p = 0; p < vocabulary.Parts.Count; p++)
        {
            var playing = Part is not { } only || only == (Music.Notes.Part)p;
            for (var pitch = 0; pitch < Vocabulary.PitchCount; pitch++)
            {
                var key = p * Vocabulary.PitchCount + pitch;
                var sounding = !double.IsNaN(soundingSince[key]);
                allowed[vocabulary.NoteOn(pitch, (Music.Notes.Part)p)] = playing && roomForNote && !sounding
                    && pitch >= steering.LowestPitch && pitch <= steering.HighestPitch
                    && (steering.Scale is not { } scale || scale.Contains(pitch));
                // Only release what sounds, and not before the shortest allowed length: no orphan or blip notes.
                allowed[vocabulary.NoteOff(pitch, (Music.Notes.Part)p)] = playing && sounding && now - soundingSince[key] >= steering.MinNoteSeconds;
            }
        }

        allowed.AsSpan(vocabulary.TimeShiftOffset, Vocabulary.TimeShiftSteps + Vocabulary.VelocityBins).Fill(true);
        return allowed;
    }
}
