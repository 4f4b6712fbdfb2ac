using System.CommandLine;
using Improv.Host.Cli.Doctor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Ports;
using Improv.Host.Realtime;
using Improv.Host.Synth;
using Improv.Host.Telemetry;

namespace Improv.Host.Cli;

/// <summary>`improv doctor`: checks what a performance needs, with the settings `improv run` would use, and says how to fix each gap.</summary>
public static class DoctorCommand
{
    /// <summary>In the order a player sets up: MIDI, ports, sound, the machine, the model, metrics. A new check is one more line.</summary>
    public static IReadOnlyList<IStageCheck> Checks() =>
    [
        new MidiSystemCheck(),
        new PortsCheck(),
        new KeyboardsCheck(),
        new SoundCheck(),
        new RealtimeLimitsCheck(),
        new JackSchedulingCheck(),
        new CpuGovernorCheck(),
        new ModelCheck(),
        new MetricsPortCheck(),
    ];

    /// <summary>The command; <paramref name="settings"/> builds a host with the settings its options and the rest of the command line give.</summary>
    public static Command Create(Func<ParseResult, IHost> settings, params Option[] options)
    {
        Command doctor = new("doctor", "Check what a performance needs (MIDI system, ports, synth, real-time limits, CPU governor, model, metrics port) and say how to fix each gap")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in options)
        {
            doctor.Options.Add(option);
        }
        doctor.SetAction(parse => Run(parse, settings, Console.Out));
        return doctor;
    }

    private static int Run(ParseResult parse, Func<ParseResult, IHost> settings, TextWriter output)
    {
        if (SettingArguments.Unknown(parse) is { Count: > 0 } unknown)
        {
            Console.Error.WriteLine($"improv doctor: unknown argument(s) {string.Join(" ", unknown)}; settings go as --Improv:Section:Key=value (see --help)");
            return 2;
        }
        using var host = settings(parse);
        if (StartSettings.Refused(host.Services) is { Count: > 0 } refused)
        {
            foreach (var failure in refused)
            {
                Console.Error.WriteLine($"improv doctor: setting error: {failure}");
            }
            return 2;
        }
        var setup = Setup(host.Services);

        output.WriteLine("improv doctor: what a performance needs, checked with the settings `improv run` would use");
        output.WriteLine();
        var findings = new List<Finding>();
        foreach (var check in Checks())
        {
            foreach (var finding in check.Run(setup))
            {
                findings.Add(finding);
                Print(output, finding);
            }
        }
        var failures = findings.Count(finding => finding.Verdict == Verdict.Failure);
        var warnings = findings.Count(finding => finding.Verdict == Verdict.Warning);
        output.WriteLine();
        output.WriteLine(failures > 0 ? $"{Count(failures, "failure")}, {Count(warnings, "warning")}: fix the failures before you play."
            : warnings > 0 ? $"{Count(warnings, "warning")}: Improv plays; the fixes above make it better."
            : "Everything a performance needs is here.");
        return failures > 0 ? 1 : 0;
    }

    /// <summary>What the checks read, from the settings as the daemon binds them (appsettings.json, IMPROV__... variables, the command line), validated.</summary>
    private static StageSetup Setup(IServiceProvider services)
    {
        T Value<T>() where T : class => services.GetRequiredService<IOptions<T>>().Value;
        var improvisation = Value<ImprovisationOptions>();
        return new StageSetup(Value<MidiOptions>(), improvisation, Value<MetricsOptions>(),
            PlaysModel: improvisation.Mode != ImprovisationMode.Thru, Value<RealtimeOptions>().RealtimePriority, Value<SynthOptions>());
    }

    private static void Print(TextWriter output, Finding finding)
    {
        var label = finding.Verdict switch
        {
            Verdict.Ok => "ok  ",
            Verdict.Warning => "warn",
            _ => "FAIL",
        };
        output.WriteLine($"  {label}  {finding.Check}: {finding.What}");
        if (finding.Fix is not null)
        {
            output.WriteLine($"        fix: {finding.Fix}");
        }
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
