using System.Diagnostics.Metrics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Jack;
using Improv.Host.Native;
using Improv.Host.Realtime;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Midi.Ports;

/// <summary>
/// The one ordinary (not real-time) thread that finds, watches and reconnects Improv's MIDI ports, four times a second,
/// so that the real-time threads never enumerate ports, wait on the MIDI system or log. It opens each port for its
/// playing thread (<see cref="OpenInput"/>, <see cref="OpenOutput"/>); when a named peer vanishes it takes the port
/// back through the port's lock-free handshake (<see cref="MidiPort.Heed"/>), keeps it while looking for the peer, and
/// hands it back connected. With Input or Output set to Auto it also connects keyboards as they appear
/// (<see cref="KeyboardPatch"/>, JACK and ALSA). It keeps the connection metrics, says each change once, and closes the ports last.
/// On Improv's own JACK client (<see cref="MidiSystem.OwnJack"/>) the ports are <see cref="JackPort"/>s, supervised the same way.
/// </summary>
public sealed class PortSupervisor(MidiSystem system, IOptions<MidiOptions> midi, ImprovMetrics metrics, ILogger<PortSupervisor> log, IMeterFactory? meters = null)
    : BackgroundService
{
    private JackMetrics? _jackMetrics;

    /// <summary>How often the ports are looked at: a returning peer plays again within this (plus a JACK connection).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a playing thread has to hand its port over; its longest rest is a few milliseconds.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly List<(MidiPort Port, bool Input)> _ports = [];
    private PortProbe? _probe;
    private KeyboardPatch? _patch;
    private volatile string? _synth;
    private volatile bool _synthHearsPlayer;

    /// <summary>The synth's MIDI input port, while one plays: where Output=Auto answers when no keyboard has a MIDI input.</summary>
    public string? Synth
    {
        get => _synth;
        set => _synth = value;
    }

    /// <summary>True when the keyboards Auto connects are connected to the <see cref="Synth"/> too, so the player sounds.</summary>
    public bool SynthHearsPlayer
    {
        get => _synthHearsPlayer;
        set => _synthHearsPlayer = value;
    }

    /// <summary>What Improv's own JACK clients count; null until one opens (RtMidi back ends).</summary>
    public JackMetrics? Jack => _jackMetrics;

    /// <summary>
    /// Opens Improv's input (virtual, or connected to the named peer when it is there) for the receiver's thread. On
    /// Improv's own JACK client, JACK's callback fills <paramref name="received"/> and rings <paramref name="doorbell"/> itself.
    /// </summary>
    public MidiPort OpenInput(RawMessageRing received, Doorbell doorbell)
    {
        var settings = midi.Value;
        var peer = Keyboards.IsAuto(settings.Input) && Keyboards.Patches(system.Api) ? null : settings.Input;
        MidiPort port = system.OwnJack
            ? JackPort.OpenInput(settings.InputPortName, peer, settings.OwnClients, received, doorbell, JackCounts())
            : MidiInputPort.Open(system.Api, settings.InputPortName, peer, settings.OwnClients);
        return Adopt(port, input: true);
    }

    /// <summary>Opens Improv's output (virtual, or connected to the named peer when it is there) for the scheduler's thread.</summary>
    public IMidiOutput OpenOutput()
    {
        var settings = midi.Value;
        var peer = Keyboards.IsAuto(settings.Output) && Keyboards.Patches(system.Api) ? null : settings.Output;
        MidiPort port = system.OwnJack
            ? JackPort.OpenOutput(settings.OutputPortName, peer, settings.OwnClients, JackCounts())
            : MidiOutputPort.Open(system.Api, settings.OutputPortName, peer, settings.OwnClients);
        return (IMidiOutput)Adopt(port, input: false);
    }

    private JackMetrics JackCounts()
    {
        lock (_gate)
        {
            return _jackMetrics ??= new JackMetrics(meters);
        }
    }

    /// <summary>The first look, on the opening thread, before the port has a playing thread to hand it over.</summary>
    private TPort Adopt<TPort>(TPort port, bool input) where TPort : MidiPort
    {
        if (port.Peer is not null)
        {
            Report(port, input, port.Supervise());
            if (port.Connected)
            {
                port.HandBack(newPeer: true);
            }
            else
            {
                port.Keep();
                log.LogWarning("MIDI {Direction}: {Missing} yet; looking every {Interval} ms. Available: {Available}",
                    Direction(input), Keyboards.IsAuto(port.Peer) ? "no keyboard plugged in (Auto)" : $"no port matches '{port.Peer}'",
                    Interval.TotalMilliseconds, string.Join(", ", port.AvailablePeers()));
            }
        }
        metrics.SetConnected(input, port.Connected);
        lock (_gate)
        {
            _ports.Add((port, input));
        }
        return port;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Here, before the loops that start after the supervisor open Improv's ports: what the patch finds of their
        // names now is another Improv's (KeyboardPatch).
        _patch = OpenPatch();
        return Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Run(CancellationToken stop)
    {
        Thread.CurrentThread.Name = "improv ports";
        _probe = new PortProbe(system.Api);
        do
        {
            (MidiPort Port, bool Input)[] ports;
            lock (_gate)
            {
                ports = [.. _ports];
            }
            foreach (var (port, input) in ports)
            {
                try
                {
                    Watch(port, input);
                }
                catch (Exception error)
                {
                    log.LogError(error, "Watching MIDI {Direction} '{Port}' failed; trying again", Direction(input), port.PortName);
                }
            }
            try
            {
                if (_patch?.Look(_synth, _synthHearsPlayer) == true && ports.FirstOrDefault(entry => !entry.Input).Port is { } output)
                {
                    output.HandBack(newPeer: true);
                }
            }
            catch (Exception error)
            {
                log.LogError(error, "Connecting keyboards failed; trying again");
            }
        }
        while (!stop.WaitHandle.WaitOne(Interval));
    }

    private KeyboardPatch? OpenPatch()
    {
        var settings = midi.Value;
        if (!Keyboards.IsAuto(settings.Input) && !Keyboards.IsAuto(settings.Output))
        {
            return null;
        }
        if (!Keyboards.Patches(system.Api))
        {
            log.LogInformation("Auto on {Backend}: Improv's ports themselves connect to the first keyboard (a device endpoint), and to the next when it leaves; no virtual port is opened",
                MidiBackends.DisplayName(system.Api));
            return null;
        }
        return KeyboardPatch.Open(system.Api, settings, metrics, log);
    }

    /// <summary>A connected port stays with its thread while the probe lists its peer; otherwise it is reconnected here.</summary>
    private void Watch(MidiPort port, bool input)
    {
        if (port.Peer is null)
        {
            return;
        }
        if (!port.Held)
        {
            var listed = input ? _probe!.Sources() : _probe!.Destinations();
            if (listed is null || port.StillConnected(listed) || !port.TakeBack(Patience))
            {
                return;
            }
        }
        var change = port.Supervise();
        Report(port, input, change);
        if (port.Connected)
        {
            port.HandBack(newPeer: change is PortChange.Connected or PortChange.Reconnected);
        }
    }

    private void Report(MidiPort port, bool input, PortChange change)
    {
        metrics.SetConnected(input, port.Connected);
        switch (change)
        {
            case PortChange.Connected:
                log.LogInformation("MIDI {Direction} '{Port}' connected to '{Peer}'", Direction(input), port.PortName, port.ConnectedTo);
                break;
            case PortChange.Vanished:
                log.LogWarning("MIDI {Direction} peer '{Peer}' vanished; looking for it again every {Interval} ms",
                    Direction(input), port.ConnectedTo, Interval.TotalMilliseconds);
                break;
            case PortChange.Reconnected:
                metrics.CountReconnect(input);
                log.LogInformation("MIDI {Direction} peer '{Peer}' is back: reconnected", Direction(input), port.ConnectedTo);
                break;
        }
    }

    private static string Direction(bool input) => input ? "input" : "output";

    /// <summary>Stops looking, then closes every port: registered before the playing loops, this stops after them.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var (port, input) in _ports)
            {
                port.Dispose();
                metrics.SetConnected(input, false);
            }
            _ports.Clear();
        }
        _probe?.Dispose();
        _probe = null;
        _patch?.Dispose();
        _patch = null;
    }
}
