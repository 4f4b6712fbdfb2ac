using System.Diagnostics;
using System.Diagnostics.Metrics;
using Improv.Host.Telemetry;

namespace Improv.Host.Midi.Jack;

/// <summary>
/// What Improv's own JACK clients count, shared by the input and the output client and read by /metrics: JACK's late
/// cycles, late messages, the longest callback run, faults and the server's DSP load. Written from JACK's threads with
/// single atomic operations, never a lock.
/// </summary>
public sealed class JackMetrics
{
    private long _xruns;
    private long _late;
    private long _worstCycleTicks;
    private long _callbackFaults;
    private long _outputFull;
    private int _dspLoadBits;

    public JackMetrics(IMeterFactory? meters)
    {
        var meter = meters?.Create(ImprovMetrics.MeterName) ?? new Meter(ImprovMetrics.MeterName);
        meter.CreateObservableCounter("improv.jack.xruns", () => Xruns, "{xrun}", "Cycles the JACK server reported late (xrun), whoever caused them");
        meter.CreateObservableCounter("improv.jack.late_events", () => LateEvents, "{event}",
            "Messages written at offset 0 of a JACK cycle because their due time had passed (every Thru echo is: it is due when it arrived)");
        meter.CreateObservableGauge("improv.jack.callback.worst", () => WorstCycleSeconds, "s",
            "Longest run of one of Improv's JACK process callbacks so far, each client's first cycle (thread attach) aside");
        meter.CreateObservableCounter("improv.jack.callback.faults", () => CallbackFaults, "{cycle}", "Process cycles whose work threw and was given up");
        meter.CreateObservableGauge("improv.jack.dsp_load", () => DspLoad, "%", "The JACK server's DSP load (jack_cpu_load)");
    }

    /// <summary>Cycles JACK reported late, counted once (each of Improv's clients is told of every xrun).</summary>
    public long Xruns => Volatile.Read(ref _xruns);

    /// <summary>Messages written at offset 0 because their due time had passed.</summary>
    public long LateEvents => Volatile.Read(ref _late);

    /// <summary>Cycles whose work threw (and was abandoned for that cycle); 0 unless something is broken.</summary>
    public long CallbackFaults => Volatile.Read(ref _callbackFaults);

    /// <summary>Cycles whose output buffer was full, so the rest waited for the next one.</summary>
    public long OutputFull => Volatile.Read(ref _outputFull);

    public double WorstCycleSeconds => (double)Volatile.Read(ref _worstCycleTicks) / Stopwatch.Frequency;

    /// <summary>The server's DSP load as the last cycle of an open client read it (0 once the clients closed).</summary>
    public double DspLoad => BitConverter.Int32BitsToSingle(Volatile.Read(ref _dspLoadBits));

    internal void CountXrun() => Interlocked.Increment(ref _xruns);

    internal void CountLate() => Interlocked.Increment(ref _late);

    internal void CountFault() => Interlocked.Increment(ref _callbackFaults);

    internal void CountOutputFull() => Interlocked.Increment(ref _outputFull);

    /// <summary>Keeps the longest cycle; a lost race against the other client's callback only loses a shorter one.</summary>
    internal void CycleTook(long ticks)
    {
        var worst = Volatile.Read(ref _worstCycleTicks);
        if (ticks > worst)
        {
            Interlocked.CompareExchange(ref _worstCycleTicks, ticks, worst);
        }
    }

    /// <summary>
    /// Kept from JACK's thread each cycle, so a scrape never calls into a client that may be closing: a scrape that
    /// asked libjack itself raced the client's close and could read a freed client.
    /// </summary>
    internal void SawDspLoad(float percent) => Volatile.Write(ref _dspLoadBits, BitConverter.SingleToInt32Bits(percent));
}
