using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Improv.Host.Synth;

/// <summary>Registers the synth: its settings, checked at start, and FluidSynth as a hosted service.</summary>
public static class SynthServices
{
    public static IServiceCollection AddSynth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SynthOptions>().Bind(configuration.GetSection(SynthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SynthOptions>, SynthOptionsValidator>();
        services.AddHostedService<FluidSynthInstrument>();
        return services;
    }
}
