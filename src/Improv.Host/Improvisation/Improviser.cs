using System.Diagnostics;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Telemetry;
using Improv.Music.Notes;
using Improv.Music.Tokens;
using Improv.Host.Realtime;

namespace Improv.Host.Improvisation;

/// <summary>
/// The model-driven answer to the player, on the handling thread: hears every note into the <see cref="ModelVoice"/>,
/// answers after a silence (call and response), or plays all along: the same part (duet), the accompaniment under the
/// player's lead (accompany) or a lead over the player's chords (solo); and obeys the controller knobs.
/// Allocation-free per event and per tick.
/// </summary>
public sealed class Improviser : IResponder
{
    private PlayingModel playing;
    private ModelVoice voice;
    private PlayingModel? offered;
    private PlayingModel? retired;
    private readonly ImprovisationOptions options;
    private readonly ImprovMetrics? metrics;
    private readonly BeatClock clock = new();
    private readonly byte channel;
    private readonly int snapDivisions;
    private readonly long origin;
    private readonly double planAheadSeconds;
    private readonly double[] outputShift = new double[128];
    private readonly double[] lastOffSeconds = new double[128];
    private readonly bool[] playerHolds = new bool[128];
    private readonly Part[] playerParts = new Part[128];
    private readonly CallListener call = new();
    private readonly double stopAfterSilenceSeconds;
    private bool twoParts;
    private bool autoStyle;
    private string? suggestedStyle;
    private readonly bool autoScale;
    private int suggestedKey = -1;
    private int keyInForce = -1;
    private int playerHeld;
    private double lastPlayerSeconds = double.NegativeInfinity;
    private double callStartSeconds = double.NaN;
    private double answerEndSeconds;
    private double answerLengthRatio;

    public Improviser(PlayingModel model, ImprovisationOptions options, ImprovisationMode mode, long originTicks, ImprovMetrics? metrics = null)
    {
        playing = model;
        voice = model.Voice;
        voice.Dropped = metrics?.Dropped;
        planAheadSeconds = options.PlanAheadMilliseconds / 1000.0;
        this.options = options;
        this.metrics = metrics;
        Mode = mode;
        channel = (byte)(options.Channel - 1);
        snapDivisions = (int)options.SnapToBeat;
        origin = originTicks;
        answerLengthRatio = options.AnswerLengthRatio;
        stopAfterSilenceSeconds = options.StopAfterSilenceMilliseconds / 1000.0;
        twoParts = voice.TokenVocabulary.Has(Part.Accompaniment);
        if (mode.NeedsTwoParts() && mode.RoleIn(voice.Role.Style).ProblemWith(voice.TokenVocabulary) is { } problem)
        {
            throw new ArgumentException($"mode {mode}: {problem}", nameof(mode));
        }

        Enter(mode);
        autoStyle = options.InfersStyle;
        autoScale = options.InfersScale;
        // Room for a few minutes of playing between two judgements; a full ring only skips notes for the judge.
        PlayerNotes = voice.TokenVocabulary.Styles.Count > 0 || autoScale ? new SpscRing<VoiceEvent>(1024) : null;
        Publish();
    }

    /// <summary>The player's key-downs and key-ups, handed to <see cref="PlayerListener"/>; null when neither style nor key can be Auto.</summary>
    public SpscRing<VoiceEvent>? PlayerNotes { get; }

    /// <summary>True while the style is inferred from the player's playing (style Auto).</summary>
    public bool AutoStyle => Volatile.Read(ref autoStyle);

    /// <summary>Any thread: the style the player seems to play in; told to the model at the next moment Improv plays nothing.</summary>
    public void Suggest(string style) => Volatile.Write(ref suggestedStyle, style);

    /// <summary>True when Improv keeps to the key estimated from the player's playing (Scale Auto).</summary>
    public bool AutoScale => autoScale;

    /// <summary>
    /// Any thread: the key the player seems to play in, as tonic (0..11) plus 12 for minor; it masks Improv's notes from
    /// the next tick on.
    /// </summary>
    public void SuggestKey(int tonic, bool minor) => Volatile.Write(ref suggestedKey, tonic + (minor ? 12 : 0));

    /// <summary>The key in force under Scale Auto, as <see cref="SuggestKey"/> numbers it; -1 before the first estimate.</summary>
    public int KeyInForce => Volatile.Read(ref keyInForce);

    public ImprovisationMode Mode { get; private set; }

    public long LatenessLimit => options.LateNoteMilliseconds * Stopwatch.Frequency / 1000;

    /// <summary>True while a call-and-response answer plays.</summary>
    public bool Answering { get; private set; }

    public bool Muted { get; private set; }

    public void Respond(in LiveEvent played, OutputSchedule schedule)
    {
        var seconds = SecondsAt(played.Time);
        switch (played.Kind)
        {
            case LiveEventKind.NoteOn when played.Velocity > 0:
                Hear(played.Key, played.Velocity, seconds, schedule);
                break;
            case LiveEventKind.NoteOn or LiveEventKind.NoteOff:
                Hear(played.Key, 0, seconds, schedule);
                break;
            case LiveEventKind.ControlChange:
                Control(played.Controller, played.Data2, seconds, schedule);
                break;
            default:
                clock.Hear(played);
                break;
        }

        Publish();
    }

    /// <summary>Seconds on the performance clock now.</summary>
    public double NowSeconds => SecondsAt(Stopwatch.GetTimestamp());

    /// <summary>
    /// Any thread: a newly loaded model, to be swapped in at the next moment Improv plays nothing. Returns an earlier
    /// offer that was never swapped in (the caller closes it).
    /// </summary>
    public PlayingModel? Offer(PlayingModel next) => Interlocked.Exchange(ref offered, next);

    /// <summary>
    /// Any thread: the model a swap retired, once; the caller closes it off the real-time threads. The handling thread
    /// never touches a model after handing it back here.
    /// </summary>
    public PlayingModel? TakeRetired() => Interlocked.Exchange(ref retired, null);

    /// <summary>At shutdown, once the handling thread has stopped: every model still held, for closing.</summary>
    public IEnumerable<PlayingModel> Held() =>
        new[] { playing, Interlocked.Exchange(ref offered, null), TakeRetired() }.OfType<PlayingModel>();

    public void Tick(long now, OutputSchedule schedule)
    {
        var seconds = SecondsAt(now);
        // One retired model at a time: the next swap waits until the watcher has taken the last one back.
        // A one-part model offered while a two-part mode plays waits for a mode it can play.
        if (Volatile.Read(ref offered) is { } candidate && Volatile.Read(ref retired) is null && !Answering && voice.SoundingCount == 0
            && (!Mode.NeedsTwoParts() || candidate.Voice.TokenVocabulary.Has(Part.Accompaniment))
            && Interlocked.Exchange(ref offered, null) is { } next)
        {
            next.Voice.Steering = voice.Steering;
            next.Voice.Dropped = voice.Dropped;
            next.Voice.Rest(seconds);
            Volatile.Write(ref retired, playing);
            playing = next;
            var style = voice.Role.Style;
            voice = next.Voice;
            twoParts = voice.TokenVocabulary.Has(Part.Accompaniment);
            Enter(Mode);
            // The style chosen on stage carries over to a new model that knows it.
            if (Knows(style) && !SameStyle(style, voice.Role.Style))
            {
                voice.Retell(style, seconds);
            }
        }

        if (autoScale && Volatile.Read(ref suggestedKey) is var key and >= 0 && key != keyInForce)
        {
            voice.Steering = voice.Steering with { Scale = key < 12 ? MajorKeys[key] : MinorKeys[key - 12] };
            Volatile.Write(ref keyInForce, key);
        }

        if (Volatile.Read(ref autoStyle) && Volatile.Read(ref suggestedStyle) is { } suggested && !SameStyle(suggested, voice.Role.Style)
            && Knows(suggested) && !Answering && voice.SoundingCount == 0)
        {
            voice.Retell(suggested, seconds);
            Publish();
        }

        while (voice.TryEndOverlong(seconds, out var ended))
        {
            Play(ended, schedule, seconds);
        }

        if (Muted)
        {
            KeepUp(seconds);
            return;
        }

        if (Mode == ImprovisationMode.Duet)
        {
            PlayDue(seconds + planAheadSeconds, schedule, seconds);
            return;
        }

        if (Mode is ImprovisationMode.Accompany or ImprovisationMode.Solo)
        {
            Follow(seconds, schedule);
            return;
        }

        if (!Answering)
        {
            if (!double.IsNaN(callStartSeconds) && playerHeld == 0
                && seconds - lastPlayerSeconds >= options.SilenceMilliseconds / 1000.0)
            {
                BeginAnswer(seconds);
            }
            else
            {
                KeepUp(seconds);
            }

            return;
        }

        if (seconds >= answerEndSeconds)
        {
            EndAnswer(seconds, schedule);
            return;
        }

        // No note starts later than the shortest note length before the end, so the end cuts none short. A voice that
        // ran on to the end first (after the handling thread was kept waiting) would start notes only to end them at once.
        PlayDue(Math.Min(seconds + planAheadSeconds, answerEndSeconds - voice.Steering.MinNoteSeconds), schedule, seconds);
    }

    private void Publish()
    {
        metrics?.SetImprovisation(voice.Steering.Temperature, (int)Mode, Answering, voice.Steering.MemoryWeight.Fitted ? -1 : voice.Steering.MemoryWeight.Share);
        metrics?.SetRole((int)(voice.Role.Model ?? Part.Lead), voice.Role.Style, autoStyle);
    }

    /// <summary>The 24 keys Scale Auto may choose, built once: a Scale is parsed from text, which allocates.</summary>
    private static readonly Music.Theory.Scale[] MajorKeys = Keys(Music.Statistics.KeyMode.Major);

    private static readonly Music.Theory.Scale[] MinorKeys = Keys(Music.Statistics.KeyMode.Minor);

    private static Music.Theory.Scale[] Keys(Music.Statistics.KeyMode mode) =>
        [.. Enumerable.Range(0, 12).Select(tonic => Music.Theory.Scale.TryParse(new Music.Statistics.Key(tonic, mode, 0).ToString(), out var scale, out _) ? scale : default)];

    private static bool SameStyle(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the playing model's vocabulary has <paramref name="style"/> (by index: no enumerator is allocated).</summary>
    private bool Knows(string style)
    {
        var styles = voice.TokenVocabulary.Styles;
        for (var i = 0; i < styles.Count; i++)
        {
            if (SameStyle(styles[i], style))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The style controller: its range split evenly among the manifest's styles in order, the top share for Auto. A
    /// style changed ends Improv's notes and tells the model the new style (its state starts over).
    /// </summary>
    private void ChooseStyle(int value, double seconds, OutputSchedule schedule)
    {
        var styles = voice.TokenVocabulary.Styles;
        var index = value * (styles.Count + 1) / 128;
        Volatile.Write(ref autoStyle, index == styles.Count);
        if (index < styles.Count && !SameStyle(styles[index], voice.Role.Style))
        {
            Silence(seconds, schedule);
            voice.Retell(styles[index], seconds);
        }
    }

    /// <summary>Switches to <paramref name="mode"/>, giving the voice the parts it plays there (call and response: the lead until a call is heard).</summary>
    private void Enter(ImprovisationMode mode)
    {
        Mode = mode;
        var role = mode.RoleIn(voice.Role.Style);
        voice.TakeParts(role.Player, role.Model);
    }

    /// <summary>
    /// Accompany and solo: plays while the player plays, and once the player has held no key for
    /// <see cref="ImprovisationOptions.StopAfterSilenceMilliseconds"/>, ends its notes and waits for the player.
    /// </summary>
    private void Follow(double seconds, OutputSchedule schedule)
    {
        if (playerHeld > 0 || seconds - lastPlayerSeconds < stopAfterSilenceSeconds)
        {
            PlayDue(seconds + planAheadSeconds, schedule, seconds);
            return;
        }

        while (voice.TryEndAny(Math.Max(seconds, voice.Seconds), out var ended))
        {
            Play(ended, schedule, seconds);
        }

        KeepUp(seconds);
    }

    /// <summary>The part a player's note struck at <paramref name="seconds"/> is heard in: in call and response with a two-part model, the part the call reads as.</summary>
    private Part StruckPart(double seconds) =>
        Mode == ImprovisationMode.CallAndResponse && twoParts ? call.Strike(seconds, playerHeld - 1) : voice.Role.Player;

    private void Hear(byte key, byte velocity, double seconds, OutputSchedule schedule)
    {
        if (Answering)
        {
            // The player takes the lead again: the answer stops at once, planned notes included.
            Silence(seconds, schedule);
        }

        // A key-up is heard in the part its key-down was (a key never struck: the player's part now).
        var part = voice.Role.Player;
        if (velocity > 0 && !playerHolds[key])
        {
            playerHolds[key] = true;
            playerHeld++;
            if (double.IsNaN(callStartSeconds))
            {
                callStartSeconds = seconds;
                call.Reset();
            }

            part = playerParts[key] = StruckPart(seconds);
        }
        else if (velocity == 0 && playerHolds[key])
        {
            playerHolds[key] = false;
            playerHeld--;
            part = playerParts[key];
        }

        lastPlayerSeconds = seconds;
        voice.Hear(key, velocity, seconds, part);
        PlayerNotes?.TryWrite(new VoiceEvent(velocity > 0, key, velocity, seconds, part));
    }

    private void Control(int controller, int value, double seconds, OutputSchedule schedule)
    {
        var controls = options.Controls;
        var on = value >= 64;
        if (controller == controls.Temperature)
        {
            voice.Steering = voice.Steering with { Temperature = 0.1f + value / 127f * 1.9f };
        }
        else if (controller == controls.Memory)
        {
            voice.Steering = voice.Steering with { MemoryWeight = value == 127 ? MemoryWeight.Auto : MemoryWeight.Of(value / 126.0) };
            Publish();
        }
        else if (controller == controls.Style && voice.TokenVocabulary.Styles.Count > 0)
        {
            ChooseStyle(value, seconds, schedule);
        }
        else if (controller == controls.Density)
        {
            voice.Steering = voice.Steering with { Density = value == 0 ? 0 : 0.5 * Math.Pow(32, (value - 1) / 126.0) };
        }
        else if (controller == controls.Register)
        {
            voice.Steering = voice.Steering with { Register = value == 0 ? 0 : 28 + (int)Math.Round((value - 1) * 72 / 126.0) };
        }
        else if (controller == controls.AnswerLength)
        {
            answerLengthRatio = 0.25 * Math.Pow(16, value / 127.0);
        }
        else if (controller == controls.Mode)
        {
            // A one-part model cannot take a part: the modes that need two leave the mode as it is.
            var mode = ModeAt(value);
            if (mode != Mode && (twoParts || !mode.NeedsTwoParts()))
            {
                Silence(seconds, schedule);
                Enter(mode);
            }
        }
        else if (controller == controls.Mute && on != Muted)
        {
            Muted = on;
            Silence(seconds, schedule);
        }
        else if (controller == controls.Answer && on && Mode == ImprovisationMode.CallAndResponse && !Answering)
        {
            BeginAnswer(seconds);
        }
    }

    /// <summary>The mode controller's four ranges: 0..31 call and response, 32..63 accompany, 64..95 solo, 96..127 duet.</summary>
    public static ImprovisationMode ModeAt(int value) => (value / 32) switch
    {
        0 => ImprovisationMode.CallAndResponse,
        1 => ImprovisationMode.Accompany,
        2 => ImprovisationMode.Solo,
        _ => ImprovisationMode.Duet,
    };

    private void BeginAnswer(double seconds)
    {
        if (Mode == ImprovisationMode.CallAndResponse && twoParts)
        {
            voice.TakeParts(call.Part, call.Part);
        }

        var callLength = double.IsNaN(callStartSeconds) ? 0 : seconds - callStartSeconds;
        callStartSeconds = double.NaN;
        voice.Rest(OnGrid(seconds));
        answerEndSeconds = voice.Seconds
            + Math.Clamp(callLength * answerLengthRatio, options.MinAnswerSeconds, options.MaxAnswerSeconds);
        Answering = true;
        Publish();
    }

    private void EndAnswer(double seconds, OutputSchedule schedule)
    {
        while (voice.TryEndAny(Math.Max(seconds, voice.Seconds), out var ended))
        {
            Play(ended, schedule, seconds);
        }

        Answering = false;
        Publish();
    }

    /// <summary>
    /// The panic controller stops an answer in progress at once, as <see cref="Silence"/> does, but leaves the call the
    /// player is playing alone: a DAW's transport stop sends it at the end of a call, which is then answered.
    /// </summary>
    public void Panic(long now, OutputSchedule schedule)
    {
        schedule.Panic();
        StopPlaying(SecondsAt(now));
        Publish();
    }

    /// <summary>Stops whatever Improv plays or has planned, and tells the model its notes ended.</summary>
    private void Silence(double seconds, OutputSchedule schedule)
    {
        schedule.Release();
        StopPlaying(seconds);
        callStartSeconds = double.NaN;
    }

    /// <summary>
    /// After the schedule was told to end Improv's notes: the model hears each of its notes end, so it sends no stale
    /// note-off later and counts none as sounding.
    /// </summary>
    private void StopPlaying(double seconds)
    {
        while (voice.TryEndAny(seconds, out _))
        {
        }

        Array.Clear(outputShift);
        Array.Clear(lastOffSeconds);
        Answering = false;
    }

    /// <summary>
    /// Plans what the model plays up to <paramref name="horizon"/> (at most <see cref="ImprovisationOptions.PlanAheadMilliseconds"/>
    /// ahead of now), so the scheduler holds each note before its time and sends it on the dot.
    /// </summary>
    private void PlayDue(double horizon, OutputSchedule schedule, double now)
    {
        while (voice.TryNext(horizon, out var next))
        {
            Play(next, schedule, now);
        }
    }

    /// <summary>Feeds long silences a second at a time, so no single event has to catch up on minutes of rest.</summary>
    private void KeepUp(double seconds)
    {
        if (seconds - voice.Seconds >= 1.0)
        {
            voice.Rest(seconds);
        }
    }

    /// <summary>The next grid point at or after <paramref name="seconds"/> while MIDI clock runs and snapping is on; else the time itself.</summary>
    private double OnGrid(double seconds)
    {
        return snapDivisions == 0 ? seconds : SecondsAt(clock.NextGridTicks(TicksAt(seconds), snapDivisions));
    }

    /// <summary>
    /// Hands one of the model's notes to the scheduler. With snapping on and clock running, a note-on leaves on the next
    /// grid point and its note-off moves with it (the note keeps its length); a note never starts before the last note of
    /// its pitch has ended. The model keeps its own timing: it is not told about the move.
    /// </summary>
    private void Play(in VoiceEvent played, OutputSchedule schedule, double now)
    {
        var pitch = played.Pitch;
        double at;
        if (played.IsNoteOn)
        {
            // The voice's clock moves in 10 ms steps and trails the real one by up to a step (after a rest or a
            // player's note), so a note sampled at once would be due up to 10 ms in the past: it leaves now instead
            // (its note-off moves with it). Lateness beyond one step is real and stays visible to the scheduler.
            var notBefore = Math.Min(now, played.Seconds + Vocabulary.TimeStepSeconds);
            at = OnGrid(Math.Max(Math.Max(played.Seconds, notBefore), lastOffSeconds[pitch]));
            outputShift[pitch] = at - played.Seconds;
        }
        else
        {
            at = played.Seconds + outputShift[pitch];
            outputShift[pitch] = 0;
            lastOffSeconds[pitch] = at;
        }

        var due = TicksAt(at);
        schedule.Schedule(played.IsNoteOn
            ? LiveEvent.NoteOn(channel, (byte)pitch, (byte)played.Velocity, due)
            : LiveEvent.NoteOff(channel, (byte)pitch, due));
    }

    private double SecondsAt(long ticks) => (ticks - origin) / (double)Stopwatch.Frequency;

    private long TicksAt(double seconds) => origin + (long)Math.Round(seconds * Stopwatch.Frequency);
}
