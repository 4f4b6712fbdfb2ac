using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Ports;
using Improv.Host.Realtime;
using Improv.Host.Recording;
using Improv.Host.Synth;
using Improv.Host.Telemetry;

namespace Improv.Host.Cli;

/// <summary>Every settings section `improv run` checks at start, checked the same way by the commands that prepare a run.</summary>
public static class StartSettings
{
    /// <summary>What the daemon would refuse at start in these settings, each naming its setting; empty when it would start.</summary>
    public static IReadOnlyList<string> Refused(IServiceProvider services)
    {
        try
        {
            T Value<T>() where T : class => services.GetRequiredService<IOptions<T>>().Value;
            _ = (Value<MidiOptions>(), Value<RealtimeOptions>(), Value<MetricsOptions>(), Value<ImprovisationOptions>(), Value<RecordingOptions>(), Value<SynthOptions>());
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
    }
}
