using Improv.Music.Notes;

namespace Improv.Music.Tokens;

/// <summary>Turns Performance RNN tokens back into notes, the inverse of <see cref="PerformanceEncoder"/>.</summary>
public static class PerformanceDecoder
{
    /// <summary>Velocity bin used for notes struck before any VELOCITY token (a model may generate that).</summary>
    public const int DefaultVelocityBin = 16;

    /// <summary>
    /// The notes the tokens play, in <see cref="NoteOrder"/>, each with its part. START and STYLE are ignored and END
    /// stops decoding. A VELOCITY token sets the loudness of the part of the next NOTE_ON; each part keeps its own. A
    /// NOTE_ON for a sounding pitch of its part ends it first; a NOTE_OFF for a silent pitch is ignored; notes still
    /// sounding at the end stop there (at least one step after they began).
    /// </summary>
    public static List<Note> Decode(ReadOnlySpan<int> tokens, TokenVocabulary? vocabulary = null)
    {
        vocabulary ??= TokenVocabulary.PerformanceV1;
        var keys = vocabulary.Parts.Count * Vocabulary.PitchCount;
        var startStep = new long[keys];
        var velocity = new int[keys];
        var partBins = new int[vocabulary.Parts.Count];
        Array.Fill(startStep, -1);
        Array.Fill(partBins, DefaultVelocityBin);
        var notes = new List<Note>(tokens.Length / 3);
        long step = 0;
        var pendingBin = -1;

        void End(int key, long at)
        {
            var part = (Part)(key / Vocabulary.PitchCount);
            notes.Add(new Note(key % Vocabulary.PitchCount, velocity[key], startStep[key] / (double)Vocabulary.StepsPerSecond,
                at / (double)Vocabulary.StepsPerSecond, part));
            startStep[key] = -1;
        }

        foreach (var token in tokens)
        {
            if (token == vocabulary.EndToken)
                break;
            var kind = vocabulary.KindOf(token);
            var value = vocabulary.ValueOf(token);
            var key = (int)vocabulary.PartOf(token) * Vocabulary.PitchCount + value;
            switch (kind)
            {
                case TokenKind.NoteOn:
                    var part = (int)vocabulary.PartOf(token);
                    if (pendingBin >= 0)
                    {
                        partBins[part] = pendingBin;
                        pendingBin = -1;
                    }
                    if (startStep[key] >= 0)
                        End(key, step);
                    startStep[key] = step;
                    velocity[key] = Vocabulary.VelocityOfBin(partBins[part]);
                    break;
                case TokenKind.NoteOff when startStep[key] >= 0:
                    End(key, step);
                    break;
                case TokenKind.TimeShift:
                    step += value;
                    break;
                case TokenKind.Velocity:
                    pendingBin = value;
                    break;
            }
        }
        for (var key = 0; key < keys; key++)
        {
            if (startStep[key] >= 0)
                End(key, Math.Max(step, startStep[key] + 1));
        }
        notes.Sort(NoteOrder.Compare);
        return notes;
    }
}
