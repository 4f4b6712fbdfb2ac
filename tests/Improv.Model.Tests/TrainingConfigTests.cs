using Improv.Model.Training;

namespace Improv.Model.Tests;

/// <summary>config/train.json is the source of the settings, and an override is checked like the file.</summary>
public class TrainingConfigTests
{
    private static string RepositoryConfig =>
        Path.Combine(AppContext.BaseDirectory, "config", "train.json");

    [Fact]
    public void TheShippedConfigIsValidAndOverridesWin()
    {
        var config = TrainingConfig.Load(RepositoryConfig, new Dictionary<string, string>
        {
            ["hiddenSize"] = "512",
            ["windowEdge"] = "Reset",
            ["learningRate"] = "0.001",
        });
        Assert.Equal(512, config.HiddenSize);
        Assert.Equal(WindowEdge.Reset, config.WindowEdge);
        Assert.Equal(0.001, config.LearningRate);
        Assert.Equal(TrainingConfig.Load(RepositoryConfig, new Dictionary<string, string>()).EmbeddingSize, config.EmbeddingSize);
    }

    [Theory]
    [InlineData("hiddenSize", "2048", "hidden size 2048")]
    [InlineData("layers", "4", "layers 4")]
    [InlineData("batchSize", "many", "batchSize")]
    [InlineData("windowEdge", "Sideways", "windowEdge")]
    public void BadSettingsAreNamed(string name, string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() =>
            TrainingConfig.Load(RepositoryConfig, new Dictionary<string, string> { [name] = value }));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void UnknownSettingsInTheFileAreRefused()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "train.json");
        File.WriteAllText(path, """{ "hiddenSise": 256 }""");
        var error = Assert.Throws<FormatException>(() => TrainingConfig.Load(path, new Dictionary<string, string>()));
        Assert.Contains("hiddenSise", error.Message);
    }
}
