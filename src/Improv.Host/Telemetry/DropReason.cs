namespace Improv.Host.Telemetry;

/// <summary>Why a MIDI message never became (or never left as) an event.</summary>
public enum DropReason
{
    /// <summary>The input ring was full: the handler fell behind.</summary>
    RingOverflow,
    /// <summary>Longer than the receive buffer (a large SysEx dump).</summary>
    TooLong,
    /// <summary>Data bytes without a status, stray end-of-SysEx, undefined status bytes.</summary>
    Malformed,
    /// <summary>A message cut short by a new status byte or by the end of its packet.</summary>
    Partial,
    SysEx,
    ActiveSensing,
    /// <summary>Well-formed but not acted on: program change, aftertouch, time code, song select, tune request, reset.</summary>
    Unsupported,
    /// <summary>The output schedule was full.</summary>
    ScheduleFull,
    /// <summary>RtMidi refused to send, or the output's peer was gone.</summary>
    SendFailed,
    /// <summary>A planned note-on whose time had passed by more than the lateness limit: dropped rather than bunched.</summary>
    Late,
    /// <summary>The session recording's ring was full: its writer fell behind, and the note is missing from the file only.</summary>
    RecordingOverflow,
    /// <summary>An LSTM step failed or gave no finite logit to choose from: the model rested instead of playing.</summary>
    ModelStep,
}

/// <summary>Counts of dropped messages by reason; each reason is counted by one thread, read by any.</summary>
public sealed class DropTally
{
    private readonly long[] _counts = new long[Enum.GetValues<DropReason>().Length];

    public void Add(DropReason reason) => Interlocked.Increment(ref _counts[(int)reason]);

    public long this[DropReason reason] => Volatile.Read(ref _counts[(int)reason]);

    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Volatile.Read(ref _counts[i]);
            }
            return total;
        }
    }
}
