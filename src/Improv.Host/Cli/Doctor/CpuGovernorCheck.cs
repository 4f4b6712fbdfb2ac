using System.Text.RegularExpressions;

namespace Improv.Host.Cli.Doctor;

/// <summary>
/// The CPU frequency governor keeps the cores at speed: a core that slows down between notes takes its time to wake,
/// and the first notes of a phrase come late.
/// </summary>
public sealed partial class CpuGovernorCheck(string cpuFolder = "/sys/devices/system/cpu") : IStageCheck
{
    private const string Name = "CPU governor";

    public IEnumerable<Finding> Run(StageSetup setup)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [Finding.Ok(Name, "not checked: the cpufreq governor is Linux's")];
        }
        var governors = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var cpu in Directory.Exists(cpuFolder) ? Directory.GetDirectories(cpuFolder) : [])
        {
            var file = Path.Combine(cpu, "cpufreq", "scaling_governor");
            if (CpuName().IsMatch(Path.GetFileName(cpu)) && File.Exists(file))
            {
                var governor = File.ReadAllText(file).Trim();
                (governors.TryGetValue(governor, out var cpus) ? cpus : governors[governor] = []).Add(Path.GetFileName(cpu));
            }
        }
        if (governors.Count == 0)
        {
            return [Finding.Ok(Name, $"no frequency scaling shown in {cpuFolder} (a virtual machine, or a fixed clock)")];
        }
        var slow = governors.Where(pair => pair.Key != "performance").ToList();
        if (slow.Count == 0)
        {
            return [Finding.Ok(Name, $"performance on every core ({governors["performance"].Count})")];
        }
        var which = string.Join("; ", slow.Select(pair => $"{pair.Key} on {string.Join(", ", pair.Value.Order(StringComparer.Ordinal))}"));
        return [Finding.Warning(Name, $"{which}: a core that slows down between notes wakes late for the next ones",
            "`sudo cpupower frequency-set -g performance` (Debian: linux-cpupower) before you play, or " +
            $"`echo performance | sudo tee {cpuFolder}/cpu*/cpufreq/scaling_governor`")];
    }

    [GeneratedRegex("^cpu[0-9]+$")]
    private static partial Regex CpuName();
}
