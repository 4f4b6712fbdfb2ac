using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Improv.Host.Tests;

/// <summary>The idle daemon's resident memory, measured as issue 12 defines it: VmRSS one second after /metrics first answers.</summary>
[Collection(JackCollection.Name)]
public partial class IdleMemoryTests(ITestOutputHelper output)
{
    // Measured with benchmarks/idle-memory/run (docs/benchmarks.md, "Idle memory"): 160.5-161.6 MB over 3 runs with
    // the step graph only on the machine of 2026-12-06, 167.6-169.4 MB with both graphs, 175.6-178.6 MB before the
    // slim host and the start-up collection. On this machine (2026-12-07) the same code as then idles at 166.7-168.7 MB
    // and today's at 167.1-169.1 MB (21 runs, archive and build alike), and this test read 168.1-169.9 MB: the move, not
    // the code, added 6 MB, and 166 MiB (169,984 kB) failed here once. About 42 MB of it is the JACK server's shared
    // memory (every JACK client maps it). 170 MiB leaves 4 MB above the highest run, and still fails when the sequence
    // graph is opened again (+7.7 MB).
    private const long BudgetKilobytes = 170 * 1024;

    [Fact]
    public async Task IdleDaemon_StaysWithinItsResidentMemoryBudget()
    {
        using var daemon = DaemonProcess.Start("--mode", "CallAndResponse");
        await daemon.ScrapeAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));

        var status = File.ReadAllText($"/proc/{daemon.Id}/status");
        var resident = long.Parse(Field().Match(status).Groups[1].Value);
        output.WriteLine($"idle VmRSS {resident} kB (budget {BudgetKilobytes} kB)");

        Assert.True(resident <= BudgetKilobytes, $"idle VmRSS {resident} kB is over the budget of {BudgetKilobytes} kB:\n{status}");
    }

    [GeneratedRegex(@"^VmRSS:\s+(\d+) kB", RegexOptions.Multiline)]
    private static partial Regex Field();
}
