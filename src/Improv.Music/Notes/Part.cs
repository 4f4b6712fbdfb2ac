namespace Improv.Music.Notes;

/// <summary>Who plays a note: the lead line (melody, solo, soprano) or the accompaniment under it.</summary>
public enum Part
{
    Lead = 0,
    Accompaniment = 1,
}
