using Improv.Host.Synth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Ports;
using Improv.Host.Realtime;
using Improv.Host.Telemetry;

namespace Improv.Host.Tests;

/// <summary>Wrong settings stop Improv at start with a message naming the setting and what it allows.</summary>
public class SettingsTests
{
    private static IServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddImprovSettings(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void TheShippedAppsettings_AreValid()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var services = new ServiceCollection().AddImprovSettings(configuration).BuildServiceProvider();
        Assert.Equal("Improv In", services.GetRequiredService<IOptions<MidiOptions>>().Value.InputPortName);
        Assert.Equal("127.0.0.1", services.GetRequiredService<IOptions<MetricsOptions>>().Value.Address);
        Assert.Equal(ImprovisationMode.CallAndResponse, services.GetRequiredService<IOptions<ImprovisationOptions>>().Value.Mode);
    }

    [Theory]
    [InlineData("Improv:Midi:Backend", "Sonar", "allowed: Auto, Alsa, Jack, CoreMidi, WinMM, RtMidiJack")]
    [InlineData("Improv:Midi:InputPortName", "Improv Out", "must differ")]
    [InlineData("Improv:Improvisation:Mode", "Jazz", "allowed: CallAndResponse, Duet, Accompany, Solo, Thru")]
    [InlineData("Improv:Improvisation:Scale", "C majestic", "'majestic' is not a mode")]
    [InlineData("Improv:Improvisation:Temperature", "9", "allowed: 0.05 to 3")]
    [InlineData("Improv:Improvisation:Transpose", "49", "allowed: -48 to 48")]
    [InlineData("Improv:Improvisation:Controls:Panic", "128", "allowed: 0 to 127, or -1")]
    [InlineData("Improv:Realtime:RingCapacity", "1000", "power of two")]
    [InlineData("Improv:Realtime:RealtimePriority", "99", "allowed: 0 (normal scheduling) or 1 to 98")]
    [InlineData("Improv:Improvisation:SnapToBeat", "Quarter", "allowed: Off, Beat, Eighth, Sixteenth")]
    [InlineData("Improv:Midi:Backend", "2", "allowed: Auto, Alsa, Jack, CoreMidi, WinMM, RtMidiJack")]
    [InlineData("Improv:Performance:PanicController", "64", "set Improv:Improvisation:Controls:Panic instead")]
    [InlineData("Improv:Metrics:Address", "localhost:80", "an IP address")]
    [InlineData("Improv:Metrics:Port", "70000", "allowed: 1 to 65535")]
    [InlineData("Improv:Metrics:Samples", "-1", "allowed: 0 (off) to 10000000")]
    [InlineData("Improv:Improvisation:MemoryWeight", "lots", "allowed: 0 (off) to 1, or Auto")]
    [InlineData("Improv:Improvisation:HarmonyLock", "17", "allowed: 0 to 16")]
    [InlineData("Improv:Improvisation:StyleTopP:jazz", "1.5", "allowed: 0.05 to 1")]
    [InlineData("Improv:Synth:Audio", "PipeWire", "allowed: Auto, Jack, PulseAudio, Alsa")]
    [InlineData("Improv:Synth:Program", "128", "allowed: 0 to 127")]
    public void AWrongSetting_IsNamed_WithWhatIsAllowed(string key, string value, string allowed)
    {
        var services = Services(new() { [key] = value });
        var error = Assert.ThrowsAny<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<MidiOptions>>().Value;
            _ = services.GetRequiredService<IOptions<RealtimeOptions>>().Value;
            _ = services.GetRequiredService<IOptions<MetricsOptions>>().Value;
            _ = services.GetRequiredService<IOptions<ImprovisationOptions>>().Value;
            _ = services.GetRequiredService<IOptions<SynthOptions>>().Value;
        });
        var message = Assert.Single(error.Failures, failure => failure.Contains(key.Split(':')[^1], StringComparison.Ordinal));
        Assert.Contains(key.Split(':')[..^1].Aggregate((a, b) => a + ":" + b), message);
        Assert.Contains(allowed, message);
    }

    [Fact]
    public void AStylesOwnNucleus_ReplacesTopPForThatStyleAlone_AndASettingChangesOneStyleOnly()
    {
        var shipped = Steering.From(new ImprovisationOptions());
        Assert.Equal(0.99f, shipped.TopPFor("jazz"));
        Assert.Equal(0.99f, shipped.TopPFor("Chorale"));
        Assert.Equal(0.95f, shipped.TopPFor("pop"));

        var options = Services(new() { ["Improv:Improvisation:StyleTopP:jazz"] = "0.9" }).GetRequiredService<IOptions<ImprovisationOptions>>().Value;
        var steering = Steering.From(options);
        Assert.Equal(0.9f, steering.TopPFor("JAZZ"));
        Assert.Equal(0.99f, steering.TopPFor("chorale"));
        Assert.Equal(0.95f, steering.TopPFor("any"));
    }
}

/// <summary>The same check through the real process: ValidateOnStart stops `improv run` before any port opens.</summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class SettingsAtStartTests
{
    [Fact]
    public void RunWithAWrongSetting_ExitsWithTheSettingNamed()
    {
        var (exitCode, output) = DaemonProcess.RunToEnd("run", "--mode", "Thru", "--Improv:Improvisation:Transpose=99", "--metrics-port", DaemonProcess.FreePort().ToString());
        Assert.Equal(2, exitCode);
        Assert.Contains("Improv:Improvisation:Transpose is 99; allowed: -48 to 48", output);
        Assert.DoesNotContain("Play into", output);
    }

    [Fact]
    public void AWrongSettingFromTheEnvironment_IsNamedToo()
    {
        var (exitCode, output) = DaemonProcess.RunToEnd(
            new Dictionary<string, string> { ["IMPROV__MIDI__BACKEND"] = "Sonar" },
            "run", "--metrics-port", DaemonProcess.FreePort().ToString());
        Assert.Equal(2, exitCode);
        Assert.Contains("Improv:Midi:Backend is 'Sonar'; allowed: Auto, Alsa, Jack, CoreMidi, WinMM, RtMidiJack.", output);
    }

    [Fact]
    public void AMistypedCommand_DoesNotStartTheDaemon()
    {
        var (exitCode, output) = DaemonProcess.RunToEnd("prots");
        Assert.Equal(2, exitCode);
        Assert.Contains("unknown argument(s) prots", output);
    }

    [Fact]
    public void Help_IsThereForEveryCommand()
    {
        foreach (var command in new[] { "run", "ports", "monitor" })
        {
            var (exitCode, output) = DaemonProcess.RunToEnd(command, "--help");
            Assert.Equal(0, exitCode);
            Assert.Contains($"improv {command} [options]", output);
        }
    }
}
