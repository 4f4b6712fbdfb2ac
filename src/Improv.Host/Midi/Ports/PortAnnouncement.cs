using Improv.Host.Midi.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Improv.Host.Telemetry;

namespace Improv.Host.Midi.Ports;

/// <summary>Once both ports are open, says by their full names what to connect, and where the metrics are.</summary>
public sealed class PortAnnouncement(
    MidiSystem system,
    IOptions<MidiOptions> midi,
    IOptions<MetricsOptions> metricsOptions,
    ILogger<PortAnnouncement> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = midi.Value;
        var catalog = PortCatalog.List(system.Api);
        if (Keyboards.IsAuto(settings.Input))
        {
            log.LogInformation("Play into '{Port}': keyboards connect themselves as they appear (Input=Auto); a DAW can connect to it too",
                FullName(catalog.Destinations, settings.InputPortName));
        }
        else if (string.IsNullOrEmpty(settings.Input))
        {
            log.LogInformation("Play into '{Port}': connect your keyboard or DAW output to it",
                FullName(catalog.Destinations, settings.InputPortName));
        }
        if (string.IsNullOrEmpty(settings.Output) || Keyboards.IsAuto(settings.Output))
        {
            log.LogInformation("Listen on '{Port}': connect it to your synth or DAW input",
                FullName(catalog.Sources, settings.OutputPortName));
        }
        var metrics = metricsOptions.Value;
        log.LogInformation("Metrics: http://{Address}:{Port}/metrics", metrics.Address, metrics.Port);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The back end's own spelling, e.g. JACK's "Improv In:Improv In" (or "Improv In-01:..." beside a second Improv).
    private static string FullName(IReadOnlyList<string> names, string portName) =>
        names.FirstOrDefault(name => name.StartsWith(portName, StringComparison.Ordinal) && name.Contains(":" + portName, StringComparison.Ordinal))
        ?? portName;
}
