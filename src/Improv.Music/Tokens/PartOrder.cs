using Improv.Music.Notes;

namespace Improv.Music.Tokens;

/// <summary>
/// Which part writes its events first within one 10 ms step. All of one part's events at a step come before the
/// other's, so a part commits to what it plays at time t before it has heard the other part at t: that order is what
/// teaches an accompaniment model the real-time constraint (as ReaLchords trains it). Training draws the first part
/// per step; live, and when a part is scored, the model's own part goes first.
/// </summary>
public readonly record struct PartOrder
{
    private readonly ulong seed;
    private readonly Part first;
    private readonly bool random;

    private PartOrder(ulong seed, Part first, bool random) => (this.seed, this.first, this.random) = (seed, first, random);

    /// <summary><paramref name="part"/> writes first at every step.</summary>
    public static PartOrder First(Part part) => new(0, part, false);

    /// <summary>The first part at each step is drawn from a hash of (<paramref name="seed"/>, step): stateless, so any step can be asked in any order.</summary>
    public static PartOrder Random(ulong seed) => new(seed, Part.Lead, true);

    /// <summary>The lead first at every step.</summary>
    public static PartOrder LeadFirst => First(Part.Lead);

    /// <summary>0 for the part that writes first at <paramref name="step"/>, 1 for the other.</summary>
    public int RankOf(Part part, long step) => (int)part ^ (int)FirstAt(step);

    public Part FirstAt(long step)
    {
        if (!random)
            return first;
        // SplitMix64's finaliser: a well-mixed bit per (seed, step) without any state.
        var z = seed + (ulong)step * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (Part)((z ^ (z >> 31)) & 1);
    }
}
