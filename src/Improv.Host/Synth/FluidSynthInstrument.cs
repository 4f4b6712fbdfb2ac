using System.Diagnostics;
using Improv.Host.Midi.Ports;
using Improv.Host.Native;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Improv.Host.Improvisation;

namespace Improv.Host.Synth;

/// <summary>
/// FluidSynth as Improv's own instrument (`improv run --synth`): started with Improv, restarted when it dies, stopped
/// with Improv. On JACK and ALSA its MIDI port is handed to the <see cref="PortSupervisor"/>, where Output=Auto answers
/// when no keyboard has a MIDI input; its audio goes to the MIDI system's audio side (<see cref="SynthAudioDriver"/>).
/// A missing synth or soundfont is one message, and Improv plays on without sound.
/// </summary>
public sealed class FluidSynthInstrument(
    MidiSystem system,
    PortSupervisor ports,
    IOptions<SynthOptions> options,
    IOptions<ImprovisationOptions> improvisation,
    ILogger<FluidSynthInstrument> log) : BackgroundService
{
    /// <summary>The JACK client name of FluidSynth's audio and MIDI ports.</summary>
    public const string ClientName = "improv-synth";

    /// <summary>More deaths than this within <see cref="RestartWindow"/> and Improv stops restarting it.</summary>
    private const int RestartLimit = 5;

    private static readonly TimeSpan RestartWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PortPatience = TimeSpan.FromSeconds(15);

    private readonly Queue<string> _said = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.Enabled
        ? Task.Factory.StartNew(() => Play(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
        : Task.CompletedTask;

    private void Play(CancellationToken stop)
    {
        Thread.CurrentThread.Name = "improv synth";
        var settings = options.Value;
        if (Missing(settings) is { } missing)
        {
            log.LogError("No sound from --synth: {Missing}. Improv plays on without a synth", missing);
            return;
        }
        var deaths = new Queue<DateTime>();
        while (!stop.IsCancellationRequested)
        {
            var audio = SynthAudioDriver.For(system.Api, settings.Audio);
            using var process = StartAndFind(settings, audio, stop, out var port);
            if (port is not null)
            {
                ports.Synth = port;
                ports.SynthHearsPlayer = settings.Player;
                log.LogInformation("FluidSynth plays Improv's notes with program {Program} on channel {Channel}{Player} ({SoundFont}); MIDI in '{Port}', audio {Audio}",
                    settings.Program, improvisation.Value.Channel,
                    settings.Player ? $", and the player's with program {settings.PlayerProgram} on channel {settings.PlayerChannel}" : "", settings.SoundFont, port,
                    audio == "jack" ? "to JACK's system playback ports" : $"through {audio}");
            }
            while (!process.HasExited && !stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250)))
            {
            }
            ports.Synth = null;
            if (stop.IsCancellationRequested)
            {
                Quit(process);
                break;
            }
            deaths.Enqueue(DateTime.UtcNow);
            while (deaths.Peek() < DateTime.UtcNow - RestartWindow)
            {
                deaths.Dequeue();
            }
            if (deaths.Count > RestartLimit)
            {
                log.LogError("FluidSynth died {Count} times within a minute; Improv plays on without it. It said: {Said}", deaths.Count, Said());
                return;
            }
            log.LogWarning("FluidSynth ended (exit code {Code}); starting it again. It said: {Said}", process.ExitCode, Said());
        }
    }

    /// <summary>What keeps the synth from starting, or null.</summary>
    private static string? Missing(SynthOptions settings)
    {
        if (!File.Exists(settings.SoundFont))
        {
            return $"the soundfont '{settings.SoundFont}' ({SynthOptions.Section}:SoundFont) does not exist; Debian: apt-get install fluid-soundfont-gm";
        }
        return Programs.OnPath("fluidsynth") ? null : "fluidsynth is not installed (not on PATH); Debian: apt-get install fluidsynth";
    }

    /// <summary>
    /// Starts FluidSynth and, where Auto patches (JACK, ALSA), finds its MIDI port: a new one, since the synth ports
    /// there before it started are another FluidSynth's. One that was killed, or was left by a crashed Improv, keeps its
    /// ports until JACK has reaped its client, and meanwhile JACK names this one "improv-synth-01".
    /// </summary>
    private Process StartAndFind(SynthOptions settings, string? audio, CancellationToken stop, out string? port)
    {
        using var patchbay = Keyboards.Patches(system.Api) ? Keyboards.Patchbay(system.Api, "Improv synth watch") : null;
        var others = patchbay?.MidiPorts().Where(IsSynthPort).Select(listed => listed.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var process = Start(settings, audio);
        port = patchbay is null ? null : AwaitMidiPort(patchbay, others, process, stop);
        return process;
    }

    private Process Start(SynthOptions settings, string? audio)
    {
        var info = new ProcessStartInfo("fluidsynth")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments(system.Api, settings, audio))
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, line) => Remember(line.Data);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // FluidSynth's shell reads its standard input: the programs are set there, and when Improv ends, however it
        // ends, the pipe closes and FluidSynth ends with it.
        process.StandardInput.WriteLine($"prog {improvisation.Value.Channel - 1} {settings.Program}");
        if (settings.Player)
        {
            process.StandardInput.WriteLine($"prog {settings.PlayerChannel - 1} {settings.PlayerProgram}");
            if (settings.PlayerChannel == improvisation.Value.Channel)
            {
                log.LogWarning("The player and Improv share channel {Channel}, so both sound as program {Program}; set {Setting} to another channel to tell them apart",
                    settings.PlayerChannel, settings.PlayerProgram, $"{ImprovisationOptions.Section}:Channel");
            }
        }
        process.StandardInput.Flush();
        return process;
    }

    /// <summary>
    /// FluidSynth's command line: its MIDI port named <see cref="ClientName"/> on the MIDI system Improv plays on, and
    /// its audio through <paramref name="audio"/> (null: FluidSynth's own choice); on JACK audio, connected to the
    /// system playback ports.
    /// </summary>
    public static IReadOnlyList<string> Arguments(RtMidiApi api, SynthOptions settings, string? audio)
    {
        List<string> arguments = ["-g", settings.Gain.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (audio == "jack")
        {
            arguments.AddRange(["-a", "jack", "-j", "-o", $"audio.jack.id={ClientName}"]);
        }
        else if (audio is not null)
        {
            arguments.AddRange(["-a", audio]);
        }
        arguments.AddRange(api switch
        {
            RtMidiApi.Jack => ["-m", "jack", "-o", $"midi.jack.id={ClientName}"],
            RtMidiApi.Alsa => ["-m", "alsa_seq", "-o", $"midi.alsa_seq.id={ClientName}", "-o", $"midi.portname={ClientName}"],
            RtMidiApi.CoreMidi => ["-m", "coremidi", "-o", $"midi.portname={ClientName}"],
            _ => ["-m", "winmidi"],
        });
        arguments.Add(settings.SoundFont);
        return arguments;
    }

    /// <summary>
    /// True for a synth's MIDI input as the patchbay lists it: on JACK "improv-synth:midi_00" (or "improv-synth-01:..."
    /// when JACK renamed it), on ALSA (FluidSynth names its sequencer client after the id)
    /// "FLUID Synth (improv-synth):improv-synth".
    /// </summary>
    public static bool IsSynthPort(PatchPort port) => !port.Source
        && (PortNames.IsOwn(port.Name, [ClientName]) || port.Name == $"FLUID Synth ({ClientName}):{ClientName}");

    /// <summary>This FluidSynth's MIDI input once it shows on the MIDI system; null when it ended or took too long.</summary>
    private string? AwaitMidiPort(IPatchbay patchbay, HashSet<string> others, Process process, CancellationToken stop)
    {
        var deadline = DateTime.UtcNow + PortPatience;
        while (!process.HasExited && DateTime.UtcNow < deadline && !stop.IsCancellationRequested)
        {
            if (patchbay.MidiPorts().FirstOrDefault(port => IsSynthPort(port) && !others.Contains(port.Name)) is { } found)
            {
                if (others.Count > 0)
                {
                    log.LogInformation("Another synth's port is there too ({Others}: an earlier FluidSynth still closing); this one's is '{Port}'",
                        string.Join(", ", others), found.Name);
                }
                return found.Name;
            }
            stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
        }
        if (!process.HasExited)
        {
            log.LogWarning("FluidSynth started but showed no MIDI port on {System} within {Seconds} s; it said: {Said}",
                MidiBackends.DisplayName(system.Api), PortPatience.TotalSeconds, Said());
        }
        return null;
    }

    private void Remember(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }
        lock (_said)
        {
            _said.Enqueue(line);
            if (_said.Count > 8)
            {
                _said.Dequeue();
            }
        }
    }

    private string Said()
    {
        lock (_said)
        {
            return string.Join(" | ", _said);
        }
    }

    /// <summary>Ends FluidSynth after Improv's last notes: registered before the scheduler, this service stops after it.</summary>
    private static void Quit(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        process.StandardInput.WriteLine("quit");
        process.StandardInput.Flush();
        if (!process.WaitForExit(TimeSpan.FromSeconds(3)))
        {
            process.Kill();
        }
    }
}
