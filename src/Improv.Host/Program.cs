using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Improv.Host.Cli;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Performance;
using Improv.Host.Recording;
using Improv.Host.Settings;
using Improv.Host.Telemetry;
using Improv.Inference.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Improv.Host;

/// <summary>The composition root: the command line, and the services each command runs.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Option<string> backend = new("--backend") { Description = "MIDI system: Auto, Alsa, Jack, CoreMidi or WinMM (Improv:Midi:Backend)" };
        Option<string> input = new("--input") { Description = "Port to read from, exact name or part of it; none: virtual port 'Improv In' (Improv:Midi:Input)" };
        Option<string> output = new("--output") { Description = "Port to play into, exact name or part of it; none: virtual port 'Improv Out' (Improv:Midi:Output)" };
        Option<string> mode = new("--mode") { Description = "How Improv plays: CallAndResponse (default), Duet, Accompany, Solo or Thru (Improv:Performance:Mode)" };
        Option<int?> transpose = new("--transpose") { Description = "Semitones added to notes in Thru mode, -48..48 (Improv:Performance:Transpose)" };
        Option<int?> metricsPort = new("--metrics-port") { Description = "TCP port of /metrics, default 9464 (Improv:Metrics:Port)" };
        Option<string> metricsAddress = new("--metrics-address") { Description = "Address of /metrics, default 127.0.0.1 (Improv:Metrics:Address)" };

        // Any setting can also be given as --Improv:Section:Key=value; System.CommandLine passes those on.
        string[] HostArguments(ParseResult parse)
        {
            var mapped = new List<string>();
            void Add(string key, object? value)
            {
                if (value is not null)
                {
                    mapped.Add($"--{key}={value}");
                }
            }
            Add("Improv:Midi:Backend", parse.GetValue(backend));
            Add("Improv:Midi:Input", parse.GetValue(input));
            Add("Improv:Midi:Output", parse.GetValue(output));
            Add("Improv:Performance:Mode", parse.GetValue(mode));
            Add("Improv:Performance:Transpose", parse.GetValue(transpose));
            Add("Improv:Metrics:Port", parse.GetValue(metricsPort));
            Add("Improv:Metrics:Address", parse.GetValue(metricsAddress));
            return [.. parse.UnmatchedTokens, .. mapped];
        }

        Command run = new("run", "Start the daemon (the default): listen on the input, answer on the output, serve /metrics")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        Command ports = new("ports", "List every port of every MIDI back end");
        Command monitor = new("monitor", "Print incoming MIDI events, like aseqdump") { TreatUnmatchedTokensAsErrors = false };
        RootCommand root = new("improv: a real-time MIDI improvisation partner. Settings: appsettings.json, IMPROV__SECTION__KEY, --Improv:Section:Key=value")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (Option option in new Option[] { backend, input, output, mode, transpose, metricsPort, metricsAddress })
        {
            root.Options.Add(option);
            run.Options.Add(option);
        }
        monitor.Options.Add(backend);
        monitor.Options.Add(input);
        root.Subcommands.Add(run);
        root.Subcommands.Add(ports);
        root.Subcommands.Add(monitor);
        root.Subcommands.Add(GenerateCommand.Create());

        root.SetAction((parse, stop) => RunAsync(parse, () => BuildDaemon(HostArguments(parse))));
        run.SetAction((parse, stop) => RunAsync(parse, () => BuildDaemon(HostArguments(parse))));
        monitor.SetAction((parse, stop) => RunAsync(parse, () => BuildMonitor(HostArguments(parse))));
        ports.SetAction(_ => PortListing.Print(Console.Out));

        // The host handles SIGINT/SIGTERM itself (and must finish ending notes): no forced exit from here.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    /// <summary>Options bound from appsettings.json, IMPROV__... variables and the command line, validated at start.</summary>
    public static IServiceCollection AddImprovSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MidiOptions>().Bind(configuration.GetSection(MidiOptions.Section)).ValidateOnStart();
        services.AddOptions<PerformanceOptions>().Bind(configuration.GetSection(PerformanceOptions.Section)).ValidateOnStart();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MidiOptions>, MidiOptionsValidator>();
        services.AddSingleton<IValidateOptions<PerformanceOptions>, PerformanceOptionsValidator>();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddOptions<ImprovisationOptions>().Bind(configuration.GetSection(ImprovisationOptions.Section)).ValidateOnStart();
        services.AddOptions<RecordingOptions>().Bind(configuration.GetSection(RecordingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImprovisationOptions>, ImprovisationOptionsValidator>();
        services.AddSingleton<IValidateOptions<RecordingOptions>, RecordingOptionsValidator>();
        return services;
    }

    /// <summary>
    /// Improv's meter through OpenTelemetry to the Prometheus exporter: the listener every hot-path measurement reaches,
    /// registered by the daemon and, the same way, by the allocation tests.
    /// </summary>
    public static IServiceCollection AddMetricsExport(this IServiceCollection services)
    {
        services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("improv")).WithMetrics(metrics => metrics
            .AddMeter(ImprovMetrics.MeterName)
            // .NET's own runtime meter (GC counts, heap size, working set): what a soak or a long gig watches for growth.
            .AddMeter("System.Runtime")
            .AddView(ImprovMetrics.InputHandlingName, new ExplicitBucketHistogramConfiguration { Boundaries = ImprovMetrics.LatencyBuckets })
            .AddView(ImprovMetrics.OutputTimingErrorName, new ExplicitBucketHistogramConfiguration { Boundaries = ImprovMetrics.LatencyBuckets })
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>The receiving side shared by `run` and `monitor`: back end, input ring, receiver thread.</summary>
    private static void AddReceiving(IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<ImprovMetrics>();
        services.AddSingleton<MidiSystem>();
        services.AddHostedService(provider => provider.GetRequiredService<MidiSystem>());
        services.AddSingleton(provider => new RawMessageRing(
            provider.GetRequiredService<IOptions<PerformanceOptions>>().Value.RingCapacity,
            provider.GetRequiredService<ImprovMetrics>().Dropped));
        services.AddSingleton<Doorbell>();
        services.AddHostedService<MidiReceiver>();
    }

    private static IHost BuildDaemon(string[] args)
    {
        // The slim builder: Kestrel, configuration and logging without IIS integration, host filtering, HTTPS and
        // QUIC, which a loopback /metrics endpoint never uses (about 4 MB less resident: docs/benchmarks.md, "Idle memory").
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddImprovSettings(builder.Configuration);
        AddReceiving(builder.Services);
        builder.Services.AddSingleton<RealtimeFaults>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RealtimeFaults>());
        builder.Services.AddSingleton<LoadedModel>();
        builder.Services.AddSingleton(Responder);
        builder.Services.AddHostedService<ModelWatch>();
        builder.Services.AddHostedService<PlayerListener>();
        builder.Services.AddSingleton<SessionRecorder>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<SessionRecorder>());
        // Started in this order and stopped in reverse: the scheduler outlives the performer (and ends every note), the
        // recorder outlives the scheduler (and records those note-offs).
        builder.Services.AddSingleton(provider => new OutputSchedule(provider.GetRequiredService<ImprovMetrics>()));
        builder.Services.AddHostedService<SchedulerLoop>();
        builder.Services.AddHostedService<PerformanceLoop>();
        builder.Services.AddHostedService<PortAnnouncement>();
        builder.Services.AddMetricsExport();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var metrics = context.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
            if (IPAddress.TryParse(metrics.Address, out var address) && metrics.Port is > 0 and < 65536)
            {
                kestrel.Listen(address, metrics.Port);
            }
        });
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        LatencySamples.Map(app);
        return app;
    }

    /// <summary>Thru, or the improviser playing the configured model (loaded and checked here, before any port opens).</summary>
    private static IResponder Responder(IServiceProvider provider)
    {
        var performance = provider.GetRequiredService<IOptions<PerformanceOptions>>().Value;
        if (performance.Mode.Equals("Thru", StringComparison.OrdinalIgnoreCase))
        {
            return new Thru(performance.Transpose);
        }

        var settings = provider.GetRequiredService<IOptions<ImprovisationOptions>>().Value;
        var model = provider.GetRequiredService<LoadedModel>();
        var voice = new ModelVoice(model.Session, settings.Seed ?? Environment.TickCount, role: settings.Role) { Steering = Steering.From(settings) };
        var mode = Enum.Parse<ImprovisationMode>(performance.Mode, ignoreCase: true);
        if (mode.RoleIn(settings.Role.Style).ProblemWith(model.Vocabulary) is { } problem)
        {
            throw new ModelRejectedException($"model {model.Folder}: {PerformanceOptions.Section}:Mode {mode}: {problem}");
        }

        if (settings.InfersStyle && model.Vocabulary.Styles.Count == 0)
        {
            throw new ModelRejectedException($"model {model.Folder}: {ImprovisationOptions.Section}:Style {settings.Style}: the model's vocabulary {model.Vocabulary.Version} has no styles to choose from");
        }

        return new Improviser(new PlayingModel(voice, model), settings, mode, Stopwatch.GetTimestamp(), provider.GetRequiredService<ImprovMetrics>());
    }

    private static IHost BuildMonitor(string[] args)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddImprovSettings(builder.Configuration);
        AddReceiving(builder.Services);
        builder.Services.AddHostedService<MonitorPrinter>();
        return builder.Build();
    }

    /// <summary>Runs a host until SIGINT/SIGTERM; a bad setting or a port that cannot open ends it with a message, not a stack trace.</summary>
    private static async Task<int> RunAsync(ParseResult parse, Func<IHost> build)
    {
        // Settings pass through as --Section:Key=value; anything else is a typo (`improv prots`), not a reason to start.
        var unknown = parse.UnmatchedTokens.Where(token => !(token.StartsWith("--", StringComparison.Ordinal) && token.Contains(':') && token.Contains('='))).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"improv: unknown argument(s) {string.Join(" ", unknown)}; settings go as --Improv:Section:Key=value (see --help)");
            return 2;
        }
        try
        {
            using var host = build();
            // Resolved before the run: RunAsync disposes the host, and its services with it, when it returns.
            var faults = host.Services.GetService<RealtimeFaults>();
            await host.RunAsync();
            return faults?.ExitCode ?? 0;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                Console.Error.WriteLine($"improv: setting error: {failure}");
            }
            return 2;
        }
        catch (ModelRejectedException e)
        {
            Console.Error.WriteLine($"improv: model refused: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException)
        {
            Console.Error.WriteLine($"improv: {e.Message}");
            return 1;
        }
    }
}
