using Improv.Music.Corpus;

namespace Improv.Music.Tests;

/// <summary>The POP909 copy in data/, loaded once for all corpus tests.</summary>
public sealed class CorpusFixture
{
    public CorpusFixture()
    {
        var warnings = new StringWriter();
        Songs = CorpusLoader.Load(Repository.Pop909, warnings);
        Warnings = warnings.ToString();
    }

    public IReadOnlyList<Song> Songs { get; }

    public string Warnings { get; }
}

[CollectionDefinition(nameof(CorpusFixture))]
public sealed class CorpusCollection : ICollectionFixture<CorpusFixture>;
