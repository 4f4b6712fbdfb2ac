using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Improv.Host.Cli;

/// <summary>The start-up check of every setting `improv run` makes, made the same way by the commands that prepare a run.</summary>
public static class StartSettings
{
    /// <summary>
    /// What the daemon would refuse at start in these settings, each naming its setting; empty when it would start.
    /// Asks the host's own start-up validator, so every section registered to be checked at start is checked here too.
    /// </summary>
    public static IReadOnlyList<string> Refused(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            return [.. e.Flatten().InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures)];
        }
    }
}
