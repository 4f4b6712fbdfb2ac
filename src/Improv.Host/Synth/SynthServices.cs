using Microsoft.Extensions.DependencyInjection;

namespace Improv.Host.Synth;

/// <summary>Registers FluidSynth as a hosted service; its settings are bound and checked at start with all of Improv's.</summary>
public static class SynthServices
{
    public static IServiceCollection AddSynth(this IServiceCollection services)
    {
        services.AddHostedService<FluidSynthInstrument>();
        return services;
    }
}
