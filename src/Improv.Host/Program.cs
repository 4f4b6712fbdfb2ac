using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Improv.Host.Cli;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Recording;
using Improv.Host.Synth;
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
using Improv.Host.Live;
using Improv.Host.Midi.Ports;
using Improv.Host.Realtime;

namespace Improv.Host;

/// <summary>What the command line gave: settings passed on as --Improv:Section:Key=value, and the typed options applied over them.</summary>
internal sealed record CommandLineSettings(string[] Settings, Action<IServiceCollection> Apply);

/// <summary>The composition root: the command line, and the services each command runs.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Option<MidiBackend?> backend = new("--backend") { Description = "MIDI system: Auto, Alsa, Jack (Improv's own JACK clients), RtMidiJack (JACK through RtMidi), CoreMidi or WinMM (Improv:Midi:Backend)" };
        Option<string> input = new("--input") { Description = "Port to read from, exact name or part of it; Auto (default): keyboards connect themselves to 'Improv In'; empty: 'Improv In' only (Improv:Midi:Input)" };
        Option<string> output = new("--output") { Description = "Port to play into, exact name or part of it; Auto (default): the keyboard's device, else the synth; empty: 'Improv Out' only (Improv:Midi:Output)" };
        Option<ImprovisationMode?> mode = new("--mode") { Description = "How Improv plays: CallAndResponse (default), Duet, Accompany, Solo or Thru (Improv:Improvisation:Mode)" };
        Option<int?> transpose = new("--transpose") { Description = "Semitones added to notes in Thru mode, -48..48 (Improv:Improvisation:Transpose)" };
        Option<bool> synth = new("--synth") { Description = "Start FluidSynth to sound Improv's notes, no DAW needed (Improv:Synth:Enabled)" };
        Option<int?> metricsPort = new("--metrics-port") { Description = "TCP port of /metrics, default 9464 (Improv:Metrics:Port)" };
        Option<string> metricsAddress = new("--metrics-address") { Description = "Address of /metrics, default 127.0.0.1 (Improv:Metrics:Address)" };

        // The options given on the command line, applied over every other source as typed values (validated with them);
        // any other setting can be given as --Improv:Section:Key=value, which System.CommandLine passes on to the host.
        CommandLineSettings Given(ParseResult parse) => new(
            parse.UnmatchedTokens.ToArray(),
            services =>
            {
                services.PostConfigure<MidiOptions>(midi =>
                {
                    midi.Backend = parse.GetValue(backend) ?? midi.Backend;
                    midi.Input = parse.GetValue(input) ?? midi.Input;
                    midi.Output = parse.GetValue(output) ?? midi.Output;
                });
                services.PostConfigure<ImprovisationOptions>(improvisation =>
                {
                    improvisation.Mode = parse.GetValue(mode) ?? improvisation.Mode;
                    improvisation.Transpose = parse.GetValue(transpose) ?? improvisation.Transpose;
                });
                services.PostConfigure<SynthOptions>(sound => sound.Enabled |= parse.GetValue(synth));
                services.PostConfigure<MetricsOptions>(metrics =>
                {
                    metrics.Port = parse.GetValue(metricsPort) ?? metrics.Port;
                    metrics.Address = parse.GetValue(metricsAddress) ?? metrics.Address;
                });
            });

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
        foreach (Option option in new Option[] { backend, input, output, mode, transpose, synth, metricsPort, metricsAddress })
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
        root.Subcommands.Add(DoctorCommand.Create(parse => SettingsHost(Given(parse)).Build(), backend, input, output, mode, synth, metricsPort, metricsAddress));
        root.Subcommands.Add(ServiceCommand.Create(parse => SettingsHost(Given(parse)).Build(), backend, input, output, mode, transpose, synth, metricsPort, metricsAddress));

        root.SetAction((parse, stop) => RunAsync(parse, () => BuildDaemon(Given(parse))));
        run.SetAction((parse, stop) => RunAsync(parse, () => BuildDaemon(Given(parse))));
        monitor.SetAction((parse, stop) => RunAsync(parse, () => BuildMonitor(Given(parse))));
        ports.SetAction(_ => PortListing.Print(Console.Out));

        // The host handles SIGINT/SIGTERM itself (and must finish ending notes): no forced exit from here.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
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

    /// <summary>The receiving side shared by `run` and `monitor`: the input ring and its doorbell, and the instruments.</summary>
    private static void AddReceiving(IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<ImprovMetrics>();
        services.AddSingleton<MidiSystem>();
        services.AddSingleton<PortSupervisor>();
        services.AddSingleton(provider => new RawMessageRing(
            provider.GetRequiredService<IOptions<RealtimeOptions>>().Value.RingCapacity,
            provider.GetRequiredService<ImprovMetrics>().Dropped));
        services.AddSingleton<Doorbell>();
    }

    internal static IHost BuildDaemon(CommandLineSettings given)
    {
        // The slim builder: Kestrel, configuration and logging without IIS integration, host filtering, HTTPS and
        // QUIC, which a loopback /metrics endpoint never uses (about 4 MB less resident: docs/benchmarks.md, "Idle memory").
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = given.Settings, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddImprovSettings(builder.Configuration);
        given.Apply(builder.Services);
        AddReceiving(builder.Services);
        builder.Services.AddSingleton<RealtimeFaults>();
        builder.Services.AddSingleton<LoadedModel>();
        builder.Services.AddSingleton(Responder);
        builder.Services.AddSingleton<SessionRecorder>();
        builder.Services.AddSingleton(provider => new OutputSchedule(provider.GetRequiredService<ImprovMetrics>()));

        // The start order; the host stops these in reverse. The MIDI system comes first (every port needs it), then the
        // port supervisor (it opens, connects and reconnects every port, off the real-time threads); the
        // recorder starts before the scheduler (it finds the notes a crashed session left sounding, which the scheduler
        // ends as its output connects) and stops after it (and so records the note-offs of the last notes); the
        // synth starts before the scheduler (its port is where Auto answers) and stops after it (it hears the last
        // note-offs); the scheduler starts before the performer and stops after it, so nothing is planned that it cannot end.
        // The playing path is compiled before the receiver and the loops start, so the first answer does not wait for the JIT.
        builder.Services.AddHostedService(provider => provider.GetRequiredService<MidiSystem>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<PortSupervisor>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RealtimeFaults>());
        builder.Services.AddHostedService<HotPathWarmup>();
        builder.Services.AddHostedService<ModelWatch>();
        builder.Services.AddHostedService<PlayerListener>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<SessionRecorder>());
        builder.Services.AddHostedService<MidiReceiver>();
        builder.Services.AddSynth();
        builder.Services.AddHostedService<SchedulerLoop>();
        builder.Services.AddHostedService<PerformerLoop>();
        builder.Services.AddHostedService<PortAnnouncement>();

        builder.Services.AddMetricsExport();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The validated settings: a wrong address or port has already stopped the start with its name.
            var metrics = kestrel.ApplicationServices.GetRequiredService<IOptions<MetricsOptions>>().Value;
            kestrel.Listen(IPAddress.Parse(metrics.Address), metrics.Port);
        });
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        LatencySamples.Map(app);
        return app;
    }

    /// <summary>Thru, or the improviser playing the configured model (loaded and checked here, before any port opens).</summary>
    private static IResponder Responder(IServiceProvider provider)
    {
        var settings = provider.GetRequiredService<IOptions<ImprovisationOptions>>().Value;
        if (settings.Mode == ImprovisationMode.Thru)
        {
            return new Thru(settings.Transpose);
        }

        var model = provider.GetRequiredService<LoadedModel>();
        var voice = new ModelVoice(model.Session, settings.Seed ?? Environment.TickCount, role: settings.Role) { Steering = Steering.From(settings) };
        var mode = settings.Mode;
        if (mode.RoleIn(settings.Role.Style).ProblemWith(model.Vocabulary) is { } problem)
        {
            throw new ModelRejectedException($"model {model.Folder}: {ImprovisationOptions.Section}:Mode {mode}: {problem}");
        }

        if (settings.InfersStyle && model.Vocabulary.Styles.Count == 0)
        {
            throw new ModelRejectedException($"model {model.Folder}: {ImprovisationOptions.Section}:Style {settings.Style}: the model's vocabulary {model.Vocabulary.Version} has no styles to choose from");
        }

        return new Improviser(new PlayingModel(voice, model), settings, mode, Stopwatch.GetTimestamp(), provider.GetRequiredService<ImprovMetrics>());
    }

    /// <summary>A plain host with Improv's settings bound and checked: the monitor's, and all `improv doctor` needs.</summary>
    private static HostApplicationBuilder SettingsHost(CommandLineSettings given)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = given.Settings,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddImprovSettings(builder.Configuration);
        given.Apply(builder.Services);
        return builder;
    }

    private static IHost BuildMonitor(CommandLineSettings given)
    {
        var builder = SettingsHost(given);
        AddReceiving(builder.Services);
        builder.Services.AddHostedService(provider => provider.GetRequiredService<MidiSystem>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<PortSupervisor>());
        builder.Services.AddHostedService<MidiReceiver>();
        builder.Services.AddHostedService<MonitorPrinter>();
        return builder.Build();
    }

    /// <summary>Runs a host until SIGINT/SIGTERM; a bad setting or a port that cannot open ends it with a message, not a stack trace.</summary>
    private static async Task<int> RunAsync(ParseResult parse, Func<IHost> build)
    {
        var unknown = SettingArguments.Unknown(parse);
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
