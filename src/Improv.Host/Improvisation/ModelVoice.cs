using Improv.Inference.Step;
using Improv.Music.Notes;
using Improv.Music.Tokens;
using Microsoft.ML.OnnxRuntime;
using Improv.Host.Telemetry;

namespace Improv.Host.Improvisation;

/// <summary>
/// The model's side of a performance, Notochord-style: <see cref="Hear"/> the player's notes into the LSTM as they
/// happen, ask for the model's <see cref="TryNext"/> event when its time has come. Both share one performance clock
/// (the token stream's 10 ms steps), so the LSTM state is current at the moment a reply starts.
/// A sampled TIME_SHIFT is held, not fed, until its time arrives: a player's event that comes first replaces it with
/// the time that really passed, and the model chooses again. Allocation-free after construction.
/// </summary>
public sealed class ModelVoice
{
    /// <summary>Tokens the model may choose without a note or a wait before it is stopped (velocity tokens alone).</summary>
    private const int MaxChoicesPerEvent = 16;

    /// <summary>How long the voice rests after a failed step (10 ms steps): a broken model costs a few drops a second, not one a tick.</summary>
    private const int RestAfterFailureSteps = 10;

    private readonly StepSession session;
    private readonly TokenSampler sampler;
    private readonly TokenVocabulary vocabulary;
    private VoiceRole role;
    private readonly PerformanceStream stream;
    private readonly SteeringMask mask;
    private readonly SessionMemory memory;
    private readonly NoteLeaning leaning;
    private readonly PulseLeaning pulse;
    private readonly HarmonyLeaning harmony;
    private readonly double[] soundingSince;
    private readonly int[] tokens = new int[Vocabulary.TimeShiftSteps + PerformanceStream.MaxEventTokens];
    private int soundingCount;
    private int velocityBin = PerformanceDecoder.DefaultVelocityBin;
    private readonly double startSeconds;
    private int heldShift = -1;
    private long wakeStep;

    /// <summary>
    /// A voice whose performance clock starts at <paramref name="startSeconds"/> (a model swapped in mid-session starts
    /// at that moment, without feeding the minutes before it), playing <paramref name="role"/> (the lead against a
    /// lead player, style untold, when none is given). A role the model's vocabulary cannot play is refused here.
    /// </summary>
    public ModelVoice(StepSession session, int seed, double startSeconds = 0, VoiceRole? role = null)
    {
        this.startSeconds = startSeconds;
        this.session = session;
        vocabulary = session.Vocabulary;
        this.role = role ?? VoiceRole.Default;
        if (this.role.ProblemWith(vocabulary) is { } problem)
            throw new ArgumentException(problem, nameof(role));
        stream = new PerformanceStream(vocabulary);
        mask = new SteeringMask(vocabulary, this.role.Model);
        sampler = new TokenSampler(session.VocabularySize, seed);
        memory = new SessionMemory(vocabulary);
        leaning = new NoteLeaning(vocabulary);
        pulse = new PulseLeaning(vocabulary);
        harmony = new HarmonyLeaning(vocabulary);
        // One slot per part and pitch, numbered as the parts' NOTE_ON tokens are (part x 128 + pitch).
        soundingSince = new double[vocabulary.Parts.Count * Vocabulary.PitchCount];
        Array.Fill(soundingSince, double.NaN);
        Begin();
    }

    /// <summary>The part the model plays and the part it hears the player in, and the style it was told.</summary>
    public VoiceRole Role => role;

    /// <summary>
    /// The memory's weight for the model's choices. A fitted weight (Auto) measures how well the memory predicts the
    /// player; while the model plays another part than the player's, it would weigh the player's habits into the model's
    /// part (offline, POP909 accompaniment: note-in-chord 96 % -> 87 % of the real one's, and silence under
    /// HarmonyLock), so Auto leaves the memory out then. A weight the player set applies in every role.
    /// </summary>
    private MemoryWeight MemoryWeightInForce =>
        Steering.MemoryWeight.Fitted && role.Model is { } model && model != role.Player ? MemoryWeight.Off : Steering.MemoryWeight;

    /// <summary>True while the model plays the accompaniment under the player's lead: only then does it lock onto the player's pulse.</summary>
    private bool Accompanies => role is { Model: Part.Accompaniment, Player: Part.Lead };

    /// <summary>The token vocabulary the model speaks.</summary>
    public TokenVocabulary TokenVocabulary => vocabulary;

    /// <summary>
    /// From now on the model chooses only <paramref name="model"/>'s notes (every part's when null) and hears the player
    /// in <paramref name="player"/>. The LSTM is told nothing: the parts are in the note tokens themselves. Both must be
    /// parts the vocabulary has (the improviser checks once, at start). Allocation-free.
    /// </summary>
    public void TakeParts(Part player, Part? model)
    {
        role = role with { Player = player, Model = model };
        mask.Part = model;
    }

    /// <summary>
    /// Tells the model the style <paramref name="style"/> (one its vocabulary knows) at <paramref name="seconds"/>: the
    /// LSTM's state starts over as a piece does, START then the style's token, because training put a style token nowhere
    /// but at a piece's start. The session memory keeps what it heard. Call while none of the model's notes sounds.
    /// </summary>
    public void Retell(string style, double seconds)
    {
        Advance(seconds);
        role = role with { Style = style };
        session.Reset();
        try
        {
            Begin();
        }
        catch (OnnxRuntimeException)
        {
            Fail();
        }
    }

    /// <summary>The player's steering; may change between any two calls.</summary>
    public Steering Steering { get; set; } = new();

    /// <summary>Where the performance clock stands, in seconds since the voice began.</summary>
    public double Seconds => startSeconds + stream.Step * Vocabulary.TimeStepSeconds;

    /// <summary>
    /// When the voice must act next: the end of its held time shift (or now), or sooner, when one of its notes reaches
    /// the longest length allowed (<see cref="TryEndOverlong"/> ends it then), as the live path's every-tick check would.
    /// </summary>
    public double WakeSeconds
    {
        get
        {
            var wake = heldShift >= 0 ? startSeconds + wakeStep * Vocabulary.TimeStepSeconds : Seconds;
            for (var key = 0; key < soundingSince.Length; key++)
            {
                if (!double.IsNaN(soundingSince[key]))
                {
                    wake = Math.Min(wake, OverlongAt(key));
                }
            }

            return wake;
        }
    }

    /// <summary>Where a failed step (ONNX Runtime threw, or no allowed token had a finite logit) is counted, as <see cref="DropReason.ModelStep"/>.</summary>
    public DropTally? Dropped { get; set; }

    /// <summary>How many of the model's own notes sound.</summary>
    public int SoundingCount => soundingCount;

    /// <summary>
    /// Feeds a player's key going down (velocity above 0) or up at <paramref name="seconds"/>, in the role's player
    /// part or in <paramref name="part"/> (a primer whose notes carry their parts).
    /// </summary>
    public void Hear(int pitch, int velocity, double seconds, Part? part = null)
    {
        Advance(seconds);
        var heard = vocabulary.Has(part ?? role.Player) ? part ?? role.Player : Part.Lead;
        if (velocity > 0)
        {
            pulse.Heard(seconds);
        }

        if (heard == Part.Lead)
        {
            harmony.Heard(pitch, velocity, seconds);
        }

        var count = velocity > 0
            ? stream.NoteOn(seconds - startSeconds, pitch, velocity, tokens, heard)
            : stream.NoteOff(seconds - startSeconds, pitch, tokens, heard);
        Feed(count);
    }

    /// <summary>Lets silence pass up to <paramref name="seconds"/>, so the state knows how long the pause was.</summary>
    public void Rest(double seconds) => Advance(seconds);

    /// <summary>
    /// The model's next note event due by <paramref name="seconds"/>, or false while it waits (or when the voice already
    /// stands later than that). Call again until false: several notes may start at the same moment.
    /// </summary>
    public bool TryNext(double seconds, out VoiceEvent next)
    {
        var dueStep = PerformanceStream.StepOf(seconds - startSeconds);
        for (var choice = 0; choice < MaxChoicesPerEvent; choice++)
        {
            if (heldShift >= 0)
            {
                if (wakeStep > dueStep)
                {
                    break;
                }

                Advance(startSeconds + wakeStep * Vocabulary.TimeStepSeconds, own: true);
            }
            else if (stream.Step > dueStep)
            {
                // The voice already stands later (a player's note or an overlong note moved it): nothing is due by then.
                break;
            }

            var now = Seconds;
            var allowed = mask.Build(Steering, soundingSince, soundingCount, now);
            var mixed = memory.Mix(session.Logits, MemoryWeightInForce, role.Model);
            var leaned = harmony.Apply(leaning.Apply(mixed, Steering, now), Accompanies ? Steering.HarmonyLock : 0, now);
            var logits = pulse.Apply(leaned, Accompanies ? Steering.PulseLock : 0, now);
            var token = sampler.Sample(logits, allowed, Steering.Temperature, Steering.TopPFor(role.Style));
            if (token < 0)
            {
                Fail();
                break;
            }

            var value = vocabulary.ValueOf(token);
            switch (vocabulary.KindOf(token))
            {
                case TokenKind.TimeShift:
                    heldShift = token;
                    wakeStep = stream.Step + value;
                    continue;
                case TokenKind.Velocity:
                    velocityBin = value;
                    Step(token, own: true);
                    continue;
                case TokenKind.NoteOn:
                    Step(token, own: true);
                    soundingSince[token] = now;
                    soundingCount++;
                    leaning.Struck(now);
                    next = new VoiceEvent(true, value, Velocity(), now, vocabulary.PartOf(token));
                    return true;
                case TokenKind.NoteOff:
                    Step(token, own: true);
                    Released(token - vocabulary.NoteOffOffset);
                    next = new VoiceEvent(false, value, 0, now, vocabulary.PartOf(token));
                    return true;
            }
        }

        next = default;
        return false;
    }

    /// <summary>
    /// Ends one of the model's notes that has sounded longer than the steering allows, telling the LSTM so; false when
    /// none has.
    /// </summary>
    public bool TryEndOverlong(double seconds, out VoiceEvent ended)
    {
        for (var key = 0; key < soundingSince.Length; key++)
        {
            if (!double.IsNaN(soundingSince[key]) && seconds >= OverlongAt(key))
            {
                ended = EndNote(key, seconds);
                return true;
            }
        }

        ended = default;
        return false;
    }

    /// <summary>Ends the lowest of the model's sounding notes at <paramref name="seconds"/>; false when none sounds.</summary>
    public bool TryEndAny(double seconds, out VoiceEvent ended)
    {
        for (var key = 0; key < soundingSince.Length; key++)
        {
            if (!double.IsNaN(soundingSince[key]))
            {
                ended = EndNote(key, seconds);
                return true;
            }
        }

        ended = default;
        return false;
    }

    /// <summary>When a sounding note reaches the longest length allowed; the one expression both wake and check use.</summary>
    private double OverlongAt(int key) => soundingSince[key] + Steering.MaxNoteSeconds;

    /// <summary>Ends the note in slot <paramref name="key"/> (part x 128 + pitch), telling the LSTM.</summary>
    private VoiceEvent EndNote(int key, double seconds)
    {
        Advance(seconds, own: true);
        var (part, pitch) = ((Part)(key / Vocabulary.PitchCount), key % Vocabulary.PitchCount);
        tokens[0] = vocabulary.NoteOff(pitch, part);
        Feed(1, own: true);
        Released(key);
        return new VoiceEvent(false, pitch, 0, Seconds, part);
    }

    private void Released(int key)
    {
        soundingSince[key] = double.NaN;
        soundingCount--;
    }

    private int Velocity() =>
        Math.Clamp((int)Math.Round(Vocabulary.VelocityOfBin(velocityBin) * Steering.VelocityScale), 1, 127);

    /// <summary>Drops a held time shift and feeds the time that really passed, in chunks the token buffer holds.</summary>
    private void Advance(double seconds, bool own = false)
    {
        heldShift = -1;
        var target = PerformanceStream.StepOf(seconds - startSeconds);
        var chunk = (long)(tokens.Length - PerformanceStream.MaxEventTokens) * Vocabulary.TimeShiftSteps;
        while (stream.Step < target)
        {
            Feed(stream.AdvanceTo(Math.Min(target, stream.Step + chunk) * Vocabulary.TimeStepSeconds, tokens), own);
        }
    }

    private void Feed(int count, bool own = false)
    {
        for (var i = 0; i < count; i++)
        {
            Step(tokens[i], own);
        }
    }

    /// <summary>
    /// Feeds one token to the LSTM and the session memory, which learns the player's (<paramref name="own"/> false) and
    /// only follows Improv's own; a step that throws becomes <see cref="Fail"/>.
    /// </summary>
    private void Step(int token, bool own)
    {
        try
        {
            if (own)
            {
                memory.Follow(token);
            }
            else
            {
                memory.Observe(token, session.Logits);
            }

            session.Feed(token);
        }
        catch (OnnxRuntimeException)
        {
            Fail();
        }
    }

    /// <summary>
    /// A step failed or left no finite choice: a counted drop and a rest. The state starts over from START, because a
    /// non-finite value in the LSTM's state never washes out of it.
    /// </summary>
    private void Fail()
    {
        Dropped?.Add(DropReason.ModelStep);
        heldShift = vocabulary.TimeShift(RestAfterFailureSteps);
        wakeStep = stream.Step + RestAfterFailureSteps;
        session.Reset();
        try
        {
            Begin();
        }
        catch (OnnxRuntimeException)
        {
            // Already counted: this failure's rest covers the start over too.
        }
    }

    /// <summary>Training frames every piece START [STYLE] ... END: a performance begins (and begins again) the same way.</summary>
    private void Begin()
    {
        memory.Observe(vocabulary.StartToken, []);
        session.Feed(vocabulary.StartToken);
        if (vocabulary.Styles.Count > 0)
        {
            memory.Observe(vocabulary.StyleToken(role.Style), session.Logits);
            session.Feed(vocabulary.StyleToken(role.Style));
        }
    }
}
