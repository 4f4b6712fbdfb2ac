using Improv.Host.Midi.Input;

namespace Improv.Host.Midi.Output;

/// <summary>
/// Hears every message the scheduler sends, as it leaves (the session recording taps the output here). Called on the
/// scheduler thread: an implementation must return at once, allocate nothing and never block.
/// </summary>
public interface IOutputTap
{
    void Sent(in LiveEvent message);
}
