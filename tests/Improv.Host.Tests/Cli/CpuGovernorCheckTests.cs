using Improv.Host.Synth;
using Improv.Host.Cli.Doctor;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Ports;
using Improv.Host.Telemetry;

namespace Improv.Host.Tests.Cli;

/// <summary>The governor check reads sysfs's layout: a folder per CPU, each with cpufreq/scaling_governor.</summary>
public sealed class CpuGovernorCheckTests : IDisposable
{
    private static readonly StageSetup Defaults = new(new MidiOptions(), new ImprovisationOptions(), new MetricsOptions(), PlaysModel: true, RealtimePriority: 0, new SynthOptions());

    private readonly TemporaryFolder sysfs = new();

    [Fact]
    public void PowersaveOnOneCore_IsAWarningNamingIt()
    {
        Governor("cpu0", "performance");
        Governor("cpu1", "powersave");
        Governor("cpu10", "powersave");
        Governor("cpufreq", "powersave");
        Directory.CreateDirectory(sysfs.File("cpu2"));

        var finding = Assert.Single(new CpuGovernorCheck(sysfs.Path).Run(Defaults));

        Assert.Equal(Verdict.Warning, finding.Verdict);
        Assert.StartsWith("powersave on cpu1, cpu10:", finding.What);
        Assert.Contains("cpupower frequency-set -g performance", finding.Fix);
    }

    [Fact]
    public void PerformanceEverywhere_IsOk()
    {
        Governor("cpu0", "performance");
        Governor("cpu1", "performance");

        var finding = Assert.Single(new CpuGovernorCheck(sysfs.Path).Run(Defaults));

        Assert.Equal(Verdict.Ok, finding.Verdict);
        Assert.Equal("performance on every core (2)", finding.What);
    }

    [Fact]
    public void NoFrequencyScaling_IsOk()
    {
        Directory.CreateDirectory(sysfs.File("cpu0"));

        var finding = Assert.Single(new CpuGovernorCheck(sysfs.Path).Run(Defaults));

        Assert.Equal(Verdict.Ok, finding.Verdict);
        Assert.StartsWith("no frequency scaling shown", finding.What);
    }

    private void Governor(string cpu, string governor)
    {
        var folder = Directory.CreateDirectory(Path.Combine(sysfs.Path, cpu, "cpufreq")).FullName;
        File.WriteAllText(Path.Combine(folder, "scaling_governor"), governor + "\n");
    }

    public void Dispose() => sysfs.Dispose();
}
