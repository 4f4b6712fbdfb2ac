using System.Globalization;

namespace Improv.Host.Tests;

/// <summary>Reads samples out of a Prometheus text scrape.</summary>
public static class Scrape
{
    /// <summary>The value of the first sample named exactly `name` whose labels contain every given label.</summary>
    public static double Value(string scrape, string name, params string[] labels)
    {
        foreach (var line in scrape.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        throw new Xunit.Sdk.XunitException($"no sample {name} {string.Join(',', labels)} in the scrape:\n{scrape}");
    }
}
