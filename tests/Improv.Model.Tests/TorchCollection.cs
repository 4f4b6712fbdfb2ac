namespace Improv.Model.Tests;

/// <summary>
/// Tests that run TorchSharp in this process share its global random generator and thread count, so they run
/// one at a time: a network built by one test must not draw numbers between another's seed and its dropout.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "torch in process";
}
