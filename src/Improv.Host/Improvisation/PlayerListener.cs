using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Music.Notes;
using Improv.Music.Statistics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Improvisation;

/// <summary>
/// Style Auto and Scale Auto, off the real-time threads: every <see cref="Every"/> it takes the player's notes the
/// improviser handed over (a preallocated ring) and judges the last <see cref="WindowSeconds"/> of them: their style
/// with <see cref="StyleInference"/> on a model and session of its own, their key with Krumhansl-Schmuckler
/// (<see cref="KeyFinder"/>). It suggests both to the improviser, which tells the model the style between notes and
/// masks its notes to the key. Idle (no model loaded, nothing judged) while neither is Auto.
/// </summary>
public sealed class PlayerListener(
    IResponder responder,
    IOptions<ImprovisationOptions> options,
    ILogger<PlayerListener> log) : BackgroundService
{
    /// <summary>How much of the player's playing is judged: long enough for a style to show, short enough to follow a change.</summary>
    public const double WindowSeconds = 12;

    /// <summary>Fewest notes in the window worth a judgement.</summary>
    public const int MinNotes = 12;

    /// <summary>How often the style is judged: four sequence-graph runs of a window's tokens, tens of ms, every few seconds.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(4);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (responder is not Improviser { PlayerNotes: { } ring } improviser)
        {
            return;
        }

        ModelPackage? model = null;
        StepSession? session = null;
        var notes = new NoteWindow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Every, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                while (ring.TryRead(out var played))
                {
                    notes.Take(played);
                }

                if (!(improviser.AutoStyle || improviser.AutoScale) || notes.Count(improviser.NowSeconds - WindowSeconds) < MinNotes)
                {
                    continue;
                }

                var heard = notes.Since(improviser.NowSeconds - WindowSeconds);
                if (improviser.AutoScale && KeyFinder.Estimate(heard) is { } key)
                {
                    improviser.SuggestKey(key.Tonic, key.Mode == KeyMode.Minor);
                }

                if (!improviser.AutoStyle)
                {
                    continue;
                }

                if (session is null)
                {
                    // Its own package and session: the playing model may be swapped and closed at any moment.
                    model = ModelPackage.Load(ModelLocation.Resolve(options.Value.Model));
                    session = new StepSession(model);
                }

                if (new StyleInference(session).Infer(heard) is { } style)
                {
                    improviser.Suggest(style);
                }
            }
        }
        catch (Exception e) when (e is ModelRejectedException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Style Auto stopped listening: the model could not be read for it: {Reason}", e.Message);
        }
        finally
        {
            session?.Dispose();
            model?.Dispose();
        }
    }

    /// <summary>The player's notes as key-downs and key-ups come in, kept for the last window.</summary>
    private sealed class NoteWindow
    {
        private readonly List<Note> ended = [];
        private readonly Dictionary<(Part, int), (double Start, int Velocity)> sounding = [];

        public void Take(VoiceEvent played)
        {
            if (played.IsNoteOn)
            {
                sounding[(played.Part, played.Pitch)] = (played.Seconds, played.Velocity);
            }
            else if (sounding.Remove((played.Part, played.Pitch), out var begun))
            {
                ended.Add(new Note(played.Pitch, begun.Velocity, begun.Start, played.Seconds, played.Part));
            }
        }

        public int Count(double since)
        {
            ended.RemoveAll(n => n.End < since);
            return ended.Count + sounding.Count;
        }

        /// <summary>The notes that sounded since <paramref name="since"/>; those still held end at the latest moment heard.</summary>
        public List<Note> Since(double since)
        {
            var last = ended.Count == 0 ? since : ended.Max(n => n.End);
            return [.. ended.Where(n => n.End >= since),
                .. sounding.Select(s => new Note(s.Key.Item2, s.Value.Velocity, s.Value.Start, Math.Max(last, s.Value.Start + 0.1), s.Key.Item1))];
        }
    }
}
