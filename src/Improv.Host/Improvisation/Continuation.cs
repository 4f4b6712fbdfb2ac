using Improv.Music.Notes;

namespace Improv.Host.Improvisation;

/// <summary>
/// Plays the model offline, faster than real time, with the same <see cref="ModelVoice"/> the daemon plays with: a
/// continuation after a primer, or an accompaniment under a whole lead line. For `improv generate`, evaluation and
/// tests.
/// </summary>
public static class Continuation
{
    /// <summary>
    /// Hears <paramref name="primer"/>, then lets the model play for <paramref name="seconds"/> after the primer's last
    /// event. Returns the model's notes on the primer's clock; every note it starts is ended by the close.
    /// </summary>
    public static List<Note> Generate(ModelVoice voice, IReadOnlyList<Note> primer, double seconds)
    {
        foreach (var (time, pitch, velocity, part) in EventsOf(primer))
        {
            voice.Hear(pitch, velocity, time, part);
        }

        var start = primer.Count == 0 ? 0 : primer.Max(n => n.End);
        voice.Rest(start);
        var played = new Performance();
        played.PlayUntil(voice, start + seconds);
        return played.Close(voice, start + seconds);
    }

    /// <summary>
    /// Plays along with <paramref name="lead"/> from its first note to its last: at each of the lead's events the model
    /// first plays what is due by then and only then hears the event, as live, where a part commits to what it plays at
    /// a moment before it hears the other part then. Returns the model's notes, each in its part.
    /// </summary>
    public static List<Note> Accompany(ModelVoice voice, IReadOnlyList<Note> lead)
    {
        var played = new Performance();
        foreach (var (time, pitch, velocity, part) in EventsOf(lead))
        {
            played.PlayUntil(voice, time);
            voice.Hear(pitch, velocity, time, part);
        }

        var end = lead.Count == 0 ? 0 : lead.Max(n => n.End);
        played.PlayUntil(voice, end);
        return played.Close(voice, end);
    }

    /// <summary>Notes' key-downs and key-ups, with their parts, in time order (a release before a strike at the same moment).</summary>
    private static IEnumerable<(double Time, int Pitch, int Velocity, Part Part)> EventsOf(IReadOnlyList<Note> notes) => notes
        .SelectMany(n => new[] { (Time: n.Start, n.Pitch, n.Velocity, n.Part), (Time: n.End, n.Pitch, Velocity: 0, n.Part) })
        .OrderBy(e => e.Time)
        .ThenBy(e => e.Velocity > 0)
        .ThenBy(e => e.Pitch);

    /// <summary>The model's notes as they start and end.</summary>
    private sealed class Performance
    {
        private readonly List<Note> played = [];
        private readonly Dictionary<(Part, int), (double Start, int Velocity)> starts = [];

        /// <summary>
        /// The live improviser's tick, at each moment the voice must act up to <paramref name="until"/>: first end what
        /// has sounded too long (which also drops a held time shift, so the model chooses again after hearing the note
        /// end), then play what is due.
        /// </summary>
        public void PlayUntil(ModelVoice voice, double until)
        {
            while (voice.WakeSeconds <= until)
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
        }

        /// <summary>Ends every note still sounding at <paramref name="end"/> (or the voice's time, if later) and returns all, in order.</summary>
        public List<Note> Close(ModelVoice voice, double end)
        {
            while (voice.TryEndAny(Math.Max(end, voice.Seconds), out var last))
            {
                Take(last);
            }

            played.Sort(NoteOrder.Compare);
            return played;
        }

        private void Take(VoiceEvent e)
        {
            if (e.IsNoteOn)
            {
                starts[(e.Part, e.Pitch)] = (e.Seconds, e.Velocity);
            }
            else if (starts.Remove((e.Part, e.Pitch), out var begun))
            {
                played.Add(new Note(e.Pitch, begun.Velocity, begun.Start, e.Seconds, e.Part));
            }
        }
    }
}
