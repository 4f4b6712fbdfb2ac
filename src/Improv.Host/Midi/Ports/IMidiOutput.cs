namespace Improv.Host.Midi.Ports;

/// <summary>
/// A port the <see cref="Output.NoteScheduler"/> plays into: RtMidi's, which sends at once, or Improv's own JACK
/// client's, which places each message at its due frame itself. Both are supervised <see cref="MidiPort"/>s.
/// </summary>
public interface IMidiOutput : IDisposable
{
    /// <summary>
    /// How long before its due time (Stopwatch ticks) a message may be handed over: 0 for a port that sends at once
    /// (RtMidi), a few periods for one that places each message at its due time itself (Improv's own JACK client).
    /// </summary>
    long Lookahead { get; }

    /// <summary>True while the port is this thread's and connected (<see cref="MidiPort.Heed"/>).</summary>
    bool Heed();

    /// <summary>How many connections the supervisor has made so far (<see cref="MidiPort.Connections"/>).</summary>
    int Connections { get; }

    bool Connected { get; }

    /// <summary>Sends the message to leave at <paramref name="due"/> (Stopwatch ticks); false when refused or the peer is gone.</summary>
    bool Send(ReadOnlySpan<byte> message, long due);

    /// <summary>Scheduler thread, every pass: records how late the messages handed over earlier really left (a port with a lookahead knows only then).</summary>
    void RecordTiming(System.Diagnostics.Metrics.Histogram<double> timingError);
}
