namespace Improv.Music.Theory;

/// <summary>
/// Which intervals sound consonant under a melody note: unison or octave, minor and major thirds, the fifth, minor and
/// major sixths. One definition for the accompaniment's note-in-chord measure and for the live lean onto the melody's
/// harmony, so the lean aims at what the measure counts.
/// </summary>
public static class Consonance
{
    private static readonly bool[] Consonant = [true, false, false, true, true, false, false, true, true, true, false, false];

    /// <summary>True when a note <paramref name="semitonesUp"/> above another (any number, negative too) makes a consonance with it.</summary>
    public static bool Above(int semitonesUp) => Consonant[(semitonesUp % 12 + 12) % 12];
}
