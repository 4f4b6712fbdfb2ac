using Improv.Music.Notes;

namespace Improv.Host.Improvisation;

/// <summary>
/// Continues a primer offline, faster than real time, with the same <see cref="ModelVoice"/> the daemon plays with:
/// for `improv generate`, for evaluation and for tests.
/// </summary>
public static class Continuation
{
    /// <summary>
    /// Hears <paramref name="primer"/>, then lets the model play for <paramref name="seconds"/> after the primer's last
    /// event. Returns the model's notes on the primer's clock; every note it starts is ended by the close.
    /// </summary>
    public static List<Note> Generate(ModelVoice voice, IReadOnlyList<Note> primer, double seconds)
    {
        var events = primer
            .SelectMany(n => new[] { (Time: n.Start, n.Pitch, n.Velocity), (Time: n.End, n.Pitch, Velocity: 0) })
            .OrderBy(e => e.Time)
            .ThenBy(e => e.Velocity > 0)
            .ThenBy(e => e.Pitch);
        foreach (var (time, pitch, velocity) in events)
        {
            voice.Hear(pitch, velocity, time);
        }

        var start = primer.Count == 0 ? 0 : primer.Max(n => n.End);
        voice.Rest(start);
        var end = start + seconds;
        var played = new List<Note>();
        var starts = new Dictionary<int, (double Start, int Velocity)>();
        void Take(VoiceEvent e)
        {
            if (e.IsNoteOn)
            {
                starts[e.Pitch] = (e.Seconds, e.Velocity);
            }
            else if (starts.Remove(e.Pitch, out var begun))
            {
                played.Add(new Note(e.Pitch, begun.Velocity, begun.Start, e.Seconds));
            }
        }

        // The live improviser's tick, at each moment the voice must act: first end what has sounded too long (which
        // also drops a held time shift, so the model chooses again after hearing the note end), then play what is due.
        while (voice.WakeSeconds <= end)
        {
            var wake = voice.WakeSeconds;
            while (voice.TryEndOverlong(wake, out var ended))
            {
                Take(ended);
            }

            var chose = false;
            while (voice.TryNext(wake, out var next))
            {
                Take(next);
                chose = true;
            }

            if (!chose && voice.WakeSeconds <= wake)
            {
                // The model kept choosing velocities without a note or a wait: let one step pass.
                voice.Rest(wake + 0.01);
            }
        }

        while (voice.TryEndAny(Math.Max(end, voice.Seconds), out var last))
        {
            Take(last);
        }

        played.Sort(NoteOrder.Compare);
        return played;
    }
}
