namespace Improv.Model.Training;

/// <summary>
/// Derives the seeds of a run (epoch shuffles, dropout per step, augmentation per song and epoch) from its one seed.
/// System.Random with a seed is stable across runs and platforms; string.GetHashCode is not, hence plain arithmetic.
/// </summary>
public static class Seeds
{
    public static int Of(int seed, long purpose, long index) =>
        unchecked((int)(((seed * 1_000_003L) ^ (purpose * 998_244_353L)) + index * 7_919L + 17));
}
