using Improv.Music.Notes;

namespace Improv.Music.Tokens;

/// <summary>Turns Performance RNN tokens back into notes, the inverse of <see cref="PerformanceEncoder"/>.</summary>
public static class PerformanceDecoder
{
    /// <summary>Velocity bin used for notes struck before any VELOCITY token (a model may generate that).</summary>
    public const int DefaultVelocityBin = 16;

    /// <summary>
    /// The notes the tokens play, in <see cref="NoteOrder"/>. START is ignored and END stops decoding. A NOTE_ON for a
    /// sounding pitch ends it first; a NOTE_OFF for a silent pitch is ignored; notes still sounding at the end stop
    /// there (at least one step after they began).
    /// </summary>
    public static List<Note> Decode(ReadOnlySpan<int> tokens)
    {
        var startStep = new long[Vocabulary.PitchCount];
        var velocity = new int[Vocabulary.PitchCount];
        Array.Fill(startStep, -1);
        var notes = new List<Note>(tokens.Length / 3);
        long step = 0;
        var bin = DefaultVelocityBin;

        void End(int pitch, long at)
        {
            notes.Add(new Note(pitch, velocity[pitch], startStep[pitch] / (double)Vocabulary.StepsPerSecond, at / (double)Vocabulary.StepsPerSecond));
            startStep[pitch] = -1;
        }

        foreach (var token in tokens)
        {
            if (token is < 0 or >= Vocabulary.Size)
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"token ids are 0-{Vocabulary.Size - 1}");
            if (token == Vocabulary.EndToken)
                break;
            var value = Vocabulary.ValueOf(token);
            switch (Vocabulary.KindOf(token))
            {
                case TokenKind.NoteOn:
                    if (startStep[value] >= 0)
                        End(value, step);
                    startStep[value] = step;
                    velocity[value] = Vocabulary.VelocityOfBin(bin);
                    break;
                case TokenKind.NoteOff when startStep[value] >= 0:
                    End(value, step);
                    break;
                case TokenKind.TimeShift:
                    step += value;
                    break;
                case TokenKind.Velocity:
                    bin = value;
                    break;
            }
        }
        for (var pitch = 0; pitch < Vocabulary.PitchCount; pitch++)
        {
            if (startStep[pitch] >= 0)
                End(pitch, Math.Max(step, startStep[pitch] + 1));
        }
        notes.Sort(NoteOrder.Compare);
        return notes;
    }
}
