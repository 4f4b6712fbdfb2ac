using System.Net;
using Microsoft.Extensions.Options;

namespace Improv.Host.Telemetry;

/// <summary>Settings under Improv:Metrics: where Prometheus scrapes /metrics.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Improv:Metrics";

    /// <summary>Loopback by default: the endpoint has no authentication, and a stage laptop sits on shared venue networks.</summary>
    public string Address { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 9464;

    /// <summary>
    /// Keep this many exact samples of each latency histogram and serve them at /latency-samples (the live
    /// latency benchmark reads them); 0, the default, keeps none.
    /// </summary>
    public int Samples { get; set; }
}

/// <summary>Checks <see cref="MetricsOptions"/> at start, naming the setting and what it allows.</summary>
public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    /// <summary>Two arrays of this many doubles: 160 MB, past any benchmark's need.</summary>
    public const int MaxSamples = 10_000_000;

    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.Address, out _))
        {
            failures.Add($"{MetricsOptions.Section}:Address is '{options.Address}'; allowed: an IP address such as 127.0.0.1 (or 0.0.0.0 to expose it on every network).");
        }
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{MetricsOptions.Section}:Port is {options.Port}; allowed: 1 to 65535.");
        }
        if (options.Samples is < 0 or > MaxSamples)
        {
            failures.Add($"{MetricsOptions.Section}:Samples is {options.Samples}; allowed: 0 (off) to {MaxSamples} samples per histogram.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
