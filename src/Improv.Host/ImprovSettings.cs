using Improv.Host.Improvisation;
using Improv.Host.Midi.Ports;
using Improv.Host.Realtime;
using Improv.Host.Recording;
using Improv.Host.Synth;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Improv.Host;

/// <summary>Improv's settings: each section bound to the options type of the layer it configures, and checked at start.</summary>
public static class ImprovSettings
{
    /// <summary>The section earlier builds read; its keys now live in the sections of what they configure (<see cref="Moved"/>).</summary>
    public const string RetiredSection = "Improv:Performance";

    /// <summary>Options bound from appsettings.json, IMPROV__... variables and the command line, validated at start.</summary>
    public static IServiceCollection AddImprovSettings(this IServiceCollection services, IConfiguration configuration)
    {
        Add<MidiOptions, MidiOptionsValidator>(services, configuration, MidiOptions.Section);
        Add<RealtimeOptions, RealtimeOptionsValidator>(services, configuration, RealtimeOptions.Section)
            .Configure(_ => RefuseRetiredSection(configuration));
        Add<MetricsOptions, MetricsOptionsValidator>(services, configuration, MetricsOptions.Section);
        Add<ImprovisationOptions, ImprovisationOptionsValidator>(services, configuration, ImprovisationOptions.Section);
        Add<RecordingOptions, RecordingOptionsValidator>(services, configuration, RecordingOptions.Section);
        Add<SynthOptions, SynthOptionsValidator>(services, configuration, SynthOptions.Section);
        return services;
    }

    private static OptionsBuilder<T> Add<T, TValidator>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        // Checked before binding: the binder's own failure ("Failed to convert configuration value") names neither the
        // values allowed nor all the wrong ones.
        return services.AddOptions<T>()
            .Configure(_ => RefuseUnknownNames<T>(configuration.GetSection(section)))
            .Bind(configuration.GetSection(section))
            .ValidateOnStart();
    }

    /// <summary>Every enum setting of <typeparamref name="T"/> must be one of its names (any case); numbers are refused.</summary>
    private static void RefuseUnknownNames<T>(IConfigurationSection section)
    {
        var failures = new List<string>();
        foreach (var property in typeof(T).GetProperties())
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!type.IsEnum || !property.CanWrite || section[property.Name] is not { Length: > 0 } value)
            {
                continue;
            }
            if (int.TryParse(value, out _) || !Enum.TryParse(type, value, ignoreCase: true, out _))
            {
                failures.Add($"{section.Path}:{property.Name} is '{value}'; allowed: {string.Join(", ", Enum.GetNames(type))}.");
            }
        }
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
        }
    }

    /// <summary>Where each key of the retired section lives now.</summary>
    public static readonly IReadOnlyDictionary<string, string> Moved = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Mode"] = $"{ImprovisationOptions.Section}:Mode",
        ["Transpose"] = $"{ImprovisationOptions.Section}:Transpose",
        ["PanicController"] = $"{ImprovisationOptions.Section}:Controls:Panic",
        ["PollMicroseconds"] = $"{RealtimeOptions.Section}:PollMicroseconds",
        ["IdlePollMicroseconds"] = $"{RealtimeOptions.Section}:IdlePollMicroseconds",
        ["RealtimePriority"] = $"{RealtimeOptions.Section}:RealtimePriority",
        ["FaultLimit"] = $"{RealtimeOptions.Section}:FaultLimit",
        ["RingCapacity"] = $"{RealtimeOptions.Section}:RingCapacity",
    };

    // A setting under the old section would otherwise be ignored without a word, and the musician would wonder why.
    private static void RefuseRetiredSection(IConfiguration configuration)
    {
        var failures = configuration.GetSection(RetiredSection).GetChildren()
            .Select(key => Moved.TryGetValue(key.Key, out var now)
                ? $"{RetiredSection}:{key.Key} has moved: set {now} instead."
                : $"{RetiredSection}:{key.Key} is not a setting; {RetiredSection} is retired (see docs/daemon.md).")
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RealtimeOptions), failures);
        }
    }
}
