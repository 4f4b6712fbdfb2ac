using System.Diagnostics.Metrics;
using Improv.Host.Realtime;

namespace Improv.Host.Telemetry;

/// <summary>
/// Improv's instruments (meter "Improv.Host"). Hot paths only increment fields and record histograms;
/// counters and gauges are read when Prometheus scrapes.
/// </summary>
public sealed class ImprovMetrics
{
    public const string MeterName = "Improv.Host";
    public const string InputHandlingName = "improv.input.handling";
    public const string OutputTimingErrorName = "improv.output.timing_error";

    /// <summary>Histogram buckets in seconds: 25 us (a fast handler) to 100 ms (clearly audible lateness).</summary>
    public static readonly double[] LatencyBuckets =
        [0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    private long _eventsIn;
    private long _eventsOut;
    private long _inputReconnects;
    private long _outputReconnects;
    private long _realtimeFaults;
    private int _notesSounding;
    private int _inputConnected;
    private int _outputConnected;
    private double _temperature;
    private double _memoryWeight;
    private int _mode;
    private int _answering;
    private int _part;
    private string _style = "any";
    private int _autoStyle;

    public ImprovMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        InputHandling = meter.CreateHistogram<double>(InputHandlingName, "s",
            "Time from a MIDI message leaving the input port to the handler having answered it");
        OutputTimingError = meter.CreateHistogram<double>(OutputTimingErrorName, "s",
            "How late a MIDI message left the output port: sent minus due");
        meter.CreateObservableCounter("improv.events.in", () => Volatile.Read(ref _eventsIn), "{event}", "MIDI events received and parsed");
        meter.CreateObservableCounter("improv.events.out", () => Volatile.Read(ref _eventsOut), "{event}", "MIDI events sent");
        meter.CreateObservableCounter("improv.events.dropped", ObserveDropped, "{event}", "MIDI messages dropped or ignored, by reason");
        meter.CreateObservableCounter("improv.realtime.faults", () => RealtimeFaults, "{exception}",
            "Exceptions the receiving, handling and scheduler threads survived (their notes ended, play went on)");
        meter.CreateObservableCounter("improv.port.reconnects", () => new[]
        {
            new Measurement<long>(Volatile.Read(ref _inputReconnects), new KeyValuePair<string, object?>("direction", "input")),
            new Measurement<long>(Volatile.Read(ref _outputReconnects), new KeyValuePair<string, object?>("direction", "output")),
        }, "{reconnect}", "Times a vanished peer port came back and was reconnected");
        meter.CreateObservableGauge("improv.ports.connected", () => new[]
        {
            new Measurement<int>(Volatile.Read(ref _inputConnected), new KeyValuePair<string, object?>("direction", "input")),
            new Measurement<int>(Volatile.Read(ref _outputConnected), new KeyValuePair<string, object?>("direction", "output")),
        }, "{port}", "1 while the port is open and (when it names a peer) connected");
        meter.CreateObservableGauge("improv.notes.sounding", () => NotesSounding, "{note}", "Notes Improv has started and not yet ended");
        meter.CreateObservableGauge("improv.improvisation.temperature", () => Volatile.Read(ref _temperature), null, "Sampling temperature now in force");
        meter.CreateObservableGauge("improv.improvisation.memory_weight", () => Volatile.Read(ref _memoryWeight), null, "Weight of the session memory against the LSTM (0: off; -1: Auto, fitted as it listens)");
        meter.CreateObservableGauge("improv.improvisation.mode", () => Volatile.Read(ref _mode), null, "0: call and response, 1: duet, 2: accompany, 3: solo");
        meter.CreateObservableGauge("improv.improvisation.answering", () => Volatile.Read(ref _answering), null, "1 while Improv answers a call");
        meter.CreateObservableGauge("improv.improvisation.part", () => Volatile.Read(ref _part), null, "The part Improv plays: 0 lead, 1 accompaniment");
        meter.CreateObservableGauge("improv.improvisation.style", () => new Measurement<int>(1,
                new KeyValuePair<string, object?>("style", Volatile.Read(ref _style)),
                new KeyValuePair<string, object?>("auto", Volatile.Read(ref _autoStyle) == 1 ? "true" : "false")),
            null, "1, labelled with the style the model is told it plays, and whether Auto chose it");
    }

    public Histogram<double> InputHandling { get; }

    public Histogram<double> OutputTimingError { get; }

    public DropTally Dropped { get; } = new();

    public int NotesSounding
    {
        get => Volatile.Read(ref _notesSounding);
        set => Volatile.Write(ref _notesSounding, value);
    }

    /// <summary>What the improviser does now; written on the handling thread, read at scrapes.</summary>
    public void SetImprovisation(double temperature, int mode, bool answering, double memoryWeight)
    {
        Volatile.Write(ref _temperature, temperature);
        Volatile.Write(ref _memoryWeight, memoryWeight);
        Volatile.Write(ref _mode, mode);
        Volatile.Write(ref _answering, answering ? 1 : 0);
    }

    /// <summary>The part Improv plays (0 lead, 1 accompaniment) and the style in force; written on the handling thread, read at scrapes.</summary>
    public void SetRole(int part, string style, bool autoStyle)
    {
        Volatile.Write(ref _part, part);
        Volatile.Write(ref _style, style);
        Volatile.Write(ref _autoStyle, autoStyle ? 1 : 0);
    }

    public void CountIn() => Interlocked.Increment(ref _eventsIn);

    public void CountOut() => Interlocked.Increment(ref _eventsOut);

    /// <summary>Exceptions the real-time threads survived so far.</summary>
    public long RealtimeFaults => Volatile.Read(ref _realtimeFaults);

    public void CountRealtimeFault() => Interlocked.Increment(ref _realtimeFaults);

    public void CountReconnect(bool input) => Interlocked.Increment(ref input ? ref _inputReconnects : ref _outputReconnects);

    public void SetConnected(bool input, bool connected) =>
        Volatile.Write(ref input ? ref _inputConnected : ref _outputConnected, connected ? 1 : 0);

    private IEnumerable<Measurement<long>> ObserveDropped() =>
        Enum.GetValues<DropReason>().Select(reason =>
            new Measurement<long>(Dropped[reason], new KeyValuePair<string, object?>("reason", SnakeCase(reason))));

    /// <summary>Prometheus label values: ring_overflow, too_long, sysex, active_sensing, ...</summary>
    public static string SnakeCase(DropReason reason) => reason == DropReason.SysEx ? "sysex"
        : string.Concat(reason.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
