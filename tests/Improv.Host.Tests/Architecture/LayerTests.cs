using Improv.Host.Improvisation;
using Improv.Host.Live;
using Improv.Host.Midi.Ports;
using Improv.Host.Realtime;
using Improv.Host.Recording;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using Xunit.Abstractions;

namespace Improv.Host.Tests.Architecture;

/// <summary>
/// The daemon's namespaces are layers, and each uses only the layers below it (docs/architecture.md): the real-time
/// building blocks know nothing of MIDI, MIDI nothing of the improviser, the improviser nothing of the threads that
/// drive it. Read from the compiled assembly, so a fully qualified name cannot slip past as a `using` line could.
/// </summary>
public class LayerTests(ITestOutputHelper output)
{
    /// <summary>Bottom first. Namespaces on one line share a layer and may use each other.</summary>
    public static readonly string[][] Layers =
    [
        ["Improv.Host.Native"],
        ["Improv.Host.Telemetry"],
        ["Improv.Host.Realtime"],
        ["Improv.Host.Midi"],
        ["Improv.Host.Recording"],
        ["Improv.Host.Improvisation"],
        ["Improv.Host.Live", "Improv.Host.Synth"],
        ["Improv.Host.Cli"],
    ];

    private static readonly System.Reflection.Assembly Daemon = typeof(Program).Assembly;

    /// <summary>The composition root: types directly in Improv.Host, which everything below must leave alone.</summary>
    private static string[] Root => Daemon.GetTypes()
        .Where(type => type.Namespace == "Improv.Host" && !type.Name.StartsWith('<'))
        .Select(type => type.FullName!)
        .ToArray();

    [Fact]
    public void EveryNamespace_SitsInALayer()
    {
        var unplaced = Daemon.GetTypes()
            .Select(type => type.Namespace)
            .Where(ns => ns is not null && ns != "Improv.Host" && ns.StartsWith("Improv.Host", StringComparison.Ordinal))
            .Distinct()
            .Where(ns => !Layers.SelectMany(layer => layer).Any(prefix => ns == prefix || ns!.StartsWith(prefix + ".", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unplaced.Count == 0, $"namespaces in no layer (add them to {nameof(Layers)} and docs/architecture.md): {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void NoLayer_UsesALayerAboveIt()
    {
        var failures = new List<string>();
        for (var i = 0; i < Layers.Length; i++)
        {
            string[] above = [.. Layers.Skip(i + 1).SelectMany(layer => layer), .. Root];
            foreach (var ns in Layers[i])
            {
                var result = Types.InAssembly(Daemon).That().ResideInNamespaceMatching($"^{Regex.Escape(ns)}(\\.|$)")
                    .ShouldNot().HaveDependencyOnAny(above).GetResult();
                failures.AddRange((result.FailingTypes ?? []).Select(type => $"{type.FullName} ({ns}): {type.Explanation}"));
            }
        }
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} types use a layer above their own:\n{string.Join("\n", failures)}");
    }

    /// <summary>The rule itself can fail: the live threads do use the improviser (an upward use, seen from below).</summary>
    [Fact]
    public void TheRule_SeesAUseThatIsThere()
    {
        var result = Types.InAssembly(Daemon).That().ResideInNamespace("Improv.Host.Live")
            .ShouldNot().HaveDependencyOnAny("Improv.Host.Improvisation").GetResult();
        Assert.False(result.IsSuccessful);
        Assert.Contains(result.FailingTypes, type => type.FullName == typeof(Performer).FullName);
    }

    /// <summary>
    /// The daemon starts its services in one written order and stops them in reverse; what that order must keep is
    /// checked here on the daemon's own host, pair by pair.
    /// </summary>
    [Fact]
    public void TheDaemon_StartsWhatEndsNotesBeforeWhatPlaysThem()
    {
        using var host = Program.BuildDaemon(new CommandLineSettings([$"--Improv:Improvisation:Model={Repository.DefaultModel}"], _ => { }));
        var order = host.Services.GetServices<IHostedService>().Select(service => service.GetType()).ToList();
        output.WriteLine(string.Join(" -> ", order.Select(type => type.Name)));
        void Before(Type first, Type then, string why)
        {
            Assert.True(order.IndexOf(first) >= 0 && order.IndexOf(then) >= 0, $"{first.Name} or {then.Name} is not a hosted service");
            Assert.True(order.IndexOf(first) < order.IndexOf(then), $"{first.Name} must start before {then.Name}: {why}");
        }

        Before(typeof(MidiSystem), typeof(MidiReceiver), "every port needs the MIDI system");
        Before(typeof(MidiSystem), typeof(SchedulerLoop), "every port needs the MIDI system");
        Before(typeof(SessionRecorder), typeof(SchedulerLoop), "the recorder finds what a crash left sounding, for the scheduler to end");
        Before(typeof(SchedulerLoop), typeof(PerformerLoop), "the scheduler outlives the performer and ends every note it planned");
        Before(typeof(RealtimeFaults), typeof(PerformerLoop), "a fault on the performer must find its counter running");
    }
}
