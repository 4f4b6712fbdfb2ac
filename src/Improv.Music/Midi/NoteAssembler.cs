using Improv.Music.Notes;

namespace Improv.Music.Midi;

/// <summary>
/// Pairs note-ons with note-offs across all tracks of a file and applies the sustain pedal, giving one list of notes.
/// Pairing is per (track, channel, pitch), first in first out: when a pitch is struck twice before it is released,
/// the first release ends the first note. A note-on with velocity 0 is a note-off. While the sustain pedal
/// (CC64 &gt;= 64) is down on a channel, released notes keep sounding until the pedal comes up or the same pitch is
/// struck again, as Performance RNN (Magenta note_seq) does. Notes never released end where the file ends.
/// </summary>
internal sealed class NoteAssembler
{
    private const int Channels = 16;

    private readonly List<Note> notes = [];
    private readonly Dictionary<int, Queue<int>> held = [];
    private readonly bool[] pedalDown = new bool[Channels];
    private readonly List<int>[] sustained = Enumerable.Range(0, Channels).Select(_ => new List<int>()).ToArray();
    private readonly Part[] trackParts;

    private NoteAssembler(Part[] trackParts) => this.trackParts = trackParts;

    /// <summary>The notes of every track; <paramref name="trackParts"/> gives each track's part (all lead when null).</summary>
    public static List<Note> Assemble(SmfContent content, TempoMap tempo, Part[]? trackParts = null)
    {
        var assembler = new NoteAssembler(trackParts ?? new Part[content.Tracks.Count]);
        // Each track is already in time order: merge them, the earlier track first at equal ticks.
        var next = new int[content.Tracks.Count];
        while (true)
        {
            var track = -1;
            for (var t = 0; t < next.Length; t++)
            {
                if (next[t] < content.Tracks[t].Messages.Count
                    && (track < 0 || content.Tracks[t].Messages[next[t]].Tick < content.Tracks[track].Messages[next[track]].Tick))
                    track = t;
            }
            if (track < 0)
                break;
            var message = content.Tracks[track].Messages[next[track]++];
            assembler.Play(track, message, tempo.SecondsAt(message.Tick));
        }
        var endTick = content.Tracks.Count == 0 ? 0 : content.Tracks.Max(t => t.EndTick);
        return assembler.Finish(tempo.SecondsAt(endTick));
    }

    private void Play(int track, ChannelMessage message, double seconds)
    {
        switch (message.Kind)
        {
            case ChannelMessage.NoteOn when message.Data2 > 0:
                Strike(track, message.Channel, message.Data1, message.Data2, seconds);
                break;
            case ChannelMessage.NoteOn or ChannelMessage.NoteOff:
                Release(track, message.Channel, message.Data1, seconds);
                break;
            default:
                Pedal(message.Channel, message.Data2 >= 64, seconds);
                break;
        }
    }

    private void Strike(int track, int channel, int pitch, int velocity, double seconds)
    {
        var ringing = sustained[channel];
        for (var i = ringing.Count - 1; i >= 0; i--)
        {
            if (notes[ringing[i]].Pitch != pitch)
                continue;
            End(ringing[i], seconds);
            ringing.RemoveAt(i);
        }
        var key = (track << 11) | (channel << 7) | pitch;
        if (!held.TryGetValue(key, out var queue))
            held[key] = queue = new Queue<int>();
        queue.Enqueue(notes.Count);
        notes.Add(new Note(pitch, velocity, seconds, seconds, trackParts[track]));
    }

    private void Release(int track, int channel, int pitch, double seconds)
    {
        // A release with no matching strike is dropped: it cannot shorten or create a note.
        if (!held.TryGetValue((track << 11) | (channel << 7) | pitch, out var queue) || queue.Count == 0)
            return;
        var index = queue.Dequeue();
        if (pedalDown[channel])
            sustained[channel].Add(index);
        else
            End(index, seconds);
    }

    private void Pedal(int channel, bool down, double seconds)
    {
        if (pedalDown[channel] && !down)
        {
            foreach (var index in sustained[channel])
                End(index, seconds);
            sustained[channel].Clear();
        }
        pedalDown[channel] = down;
    }

    private void End(int index, double seconds) => notes[index] = notes[index] with { End = seconds };

    private List<Note> Finish(double fileEnd)
    {
        foreach (var index in held.Values.SelectMany(q => q).Concat(sustained.SelectMany(s => s)))
            End(index, Math.Max(fileEnd, notes[index].Start));
        notes.Sort(NoteOrder.Compare);
        return notes;
    }
}
