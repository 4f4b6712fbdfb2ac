namespace Improv.Music.Corpus;

/// <summary>Which part of the corpus a song belongs to: trained on, used to pick checkpoints, or held out.</summary>
public enum Split
{
    Train,
    Valid,
    Test,
}
