using Improv.Music.Notes;
using Improv.Music.Theory;
using Microsoft.Extensions.Options;

namespace Improv.Host.Improvisation;

/// <summary>Settings under Improv:Improvisation: the model, how Improv answers, and the knobs that steer it.</summary>
public sealed class ImprovisationOptions
{
    public const string Section = "Improv:Improvisation";

    /// <summary>How Improv plays with the musician (bound from its name, checked at start).</summary>
    public ImprovisationMode Mode { get; set; } = ImprovisationMode.CallAndResponse;

    /// <summary>Semitones added to every note in Thru mode, -48..48.</summary>
    public int Transpose { get; set; }

    /// <summary>Folder holding manifest.json and the ONNX graphs; relative paths start at the daemon's folder.</summary>
    public string Model { get; set; } = "models/default";

    /// <summary>
    /// The style the model is told it plays (a name from the model's manifest, or "any": not told), or "Auto": inferred
    /// from the player's playing. A one-part (v1) model knows no styles and takes only "any".
    /// </summary>
    public string Style { get; set; } = Music.Tokens.Style.Any;

    /// <summary>The part the model starts to play against the player's (the lead over a lead player; the mode changes it), and the style it is told first.</summary>
    public VoiceRole Role => new(Part.Lead, Part.Lead, InfersStyle ? Music.Tokens.Style.Any : Style);

    /// <summary>Fixes the sampler's random sequence so a performance can be repeated; null draws a new one.</summary>
    public int? Seed { get; set; }

    /// <summary>MIDI channel Improv plays on, 1..16.</summary>
    public int Channel { get; set; } = 1;

    /// <summary>Call and response: how long the player must be silent before Improv answers, in ms (100..10000).</summary>
    public int SilenceMilliseconds { get; set; } = 600;

    /// <summary>An answer lasts this many times as long as the call (0.1..8) ...</summary>
    public double AnswerLengthRatio { get; set; } = 1.0;

    /// <summary>... but at least this many seconds (0.5..60) ...</summary>
    public double MinAnswerSeconds { get; set; } = 2;

    /// <summary>... and at most this many (MinAnswerSeconds..120).</summary>
    public double MaxAnswerSeconds { get; set; } = 12;

    /// <summary>Sampling temperature (0.05..3): low plays safe, high surprises.</summary>
    public double Temperature { get; set; } = 1.0;

    /// <summary>Nucleus sampling mass (0.05..1): lower drops unlikely notes.</summary>
    public double TopP { get; set; } = 0.95;

    /// <summary>
    /// The nucleus of the styles that play better with another than <see cref="TopP"/>, by style name (each 0.05..1):
    /// a nucleus cuts off the long tail of rare waits and leaps, which a jazz solo and a chorale need (chosen on the
    /// validation splits, docs/improvisation.md). Set a style's entry to <see cref="TopP"/>'s value to play it alike.
    /// </summary>
    public Dictionary<string, double> StyleTopP { get; set; } = new(StringComparer.OrdinalIgnoreCase) { ["jazz"] = 0.99, ["chorale"] = 0.99 };

    /// <summary>Keeps Improv's notes in a key, e.g. "C major" or "A blues"; "Auto": the key of the player's last seconds; empty: any note.</summary>
    public string Scale { get; set; } = "";

    public int LowestPitch { get; set; } = 21;

    public int HighestPitch { get; set; } = 108;

    /// <summary>Most of Improv's notes sounding at once (1..16).</summary>
    public int MaxPolyphony { get; set; } = 6;

    public int MinNoteMilliseconds { get; set; } = 30;

    public int MaxNoteMilliseconds { get; set; } = 4000;

    /// <summary>Multiplies the model's velocities (0.1..2).</summary>
    public double VelocityScale { get; set; } = 1.0;

    /// <summary>
    /// How much the memory of this session's music weighs against the LSTM: 0 (off) to 1, or Auto: as much as it has
    /// earned by predicting this session (docs/improvisation.md).
    /// </summary>
    public string MemoryWeight { get; set; } = "Auto";

    /// <summary>A note-on more than this late (ms, 1..1000) is dropped and counted instead of played in a bunch.</summary>
    public int LateNoteMilliseconds { get; set; } = 30;

    /// <summary>
    /// How far ahead of its time (ms, 0..50) a note of the model's is planned and handed to the scheduler thread, which
    /// then sends it on the dot. A player's note within this window no longer changes it (an interrupt still releases it).
    /// </summary>
    public int PlanAheadMilliseconds { get; set; } = 5;

    /// <summary>With MIDI clock running, answer notes start on the grid: Off, Beat, Eighth or Sixteenth.</summary>
    public SnapGrid SnapToBeat { get; set; } = SnapGrid.Off;

    // Taking a role, steering by style, density and register (issue 17).

    /// <summary><see cref="Style"/>'s value that infers the style from the player's playing.</summary>
    public const string AutoStyle = "Auto";

    /// <summary>True when <see cref="Style"/> is Auto: the model is told "any" until the player's style is judged.</summary>
    public bool InfersStyle => string.Equals(Style, AutoStyle, StringComparison.OrdinalIgnoreCase);

    /// <summary>Accompany and solo: Improv stops once the player has been silent this long, in ms (100..60000).</summary>
    public int StopAfterSilenceMilliseconds { get; set; } = 2000;

    /// <summary>Notes per second Improv leans towards (0.5..30), by reweighting the model's note-ons; 0: off.</summary>
    public double Density { get; set; }

    /// <summary>Centre pitch Improv's notes lean towards (21..108), by reweighting the model's note-ons; 0: off.</summary>
    public int Register { get; set; }

    /// <summary>
    /// Accompany: how strongly (nats, 0..16) Improv's onsets lean onto the player's pulse, the grid of their recent
    /// onsets (<see cref="PulseLeaning"/>); 0: off, the model's own timing. Only an accompaniment under the player's lead leans.
    /// </summary>
    public double PulseLock { get; set; } = 8;

    /// <summary>
    /// Accompany: how strongly (nats, 0..16) Improv's notes lean onto the harmony of the player's recent melody notes
    /// (<see cref="HarmonyLeaning"/>); 0: off, the model's own harmony. Only an accompaniment under the player's lead leans.
    /// </summary>
    public double HarmonyLock { get; set; } = 5;

    /// <summary><see cref="Scale"/>'s value that keeps Improv in the key estimated from the player's last seconds.</summary>
    public const string AutoScale = "Auto";

    /// <summary>True when <see cref="Scale"/> is Auto.</summary>
    public bool InfersScale => string.Equals(Scale.Trim(), AutoScale, StringComparison.OrdinalIgnoreCase);

    /// <summary>Knobs and pedals on the player's controller; -1 turns one off.</summary>
    public ImprovisationControls Controls { get; set; } = new();

}

/// <summary>The grid answer onsets snap to while MIDI clock runs; each value is its grid points per quarter note.</summary>
public enum SnapGrid
{
    Off = 0,
    Beat = 1,
    Eighth = 2,
    Sixteenth = 4,
}

/// <summary>Controller numbers (0..127, or -1 for none) that steer Improv live.</summary>
public sealed class ImprovisationControls
{
    /// <summary>0..127 maps to temperature 0.1..2.0.</summary>
    public int Temperature { get; set; } = 21;

    /// <summary>0..127 maps to answer length ratio 0.25..4.</summary>
    public int AnswerLength { get; set; } = 22;

    /// <summary>0..31: call and response; 32..63: accompany; 64..95: solo; 96..127: duet (a one-part model ignores accompany and solo).</summary>
    public int Mode { get; set; } = 23;

    /// <summary>64 and above: Improv falls silent (and releases its notes); below 64: plays again.</summary>
    public int Mute { get; set; } = 24;

    /// <summary>0..126 maps to the session memory's weight 0..1 (0 turns the memory off); 127: Auto, the weight the memory fits itself.</summary>
    public int Memory { get; set; } = 25;

    /// <summary>Any value ends every note Improv plays and stops its answer (a DAW's stop sends CC 123 on every channel).</summary>
    public int Panic { get; set; } = 123;

    /// <summary>0..127 split evenly among the manifest's styles in order (any, pop, classical, jazz, chorale), the top share for Auto.</summary>
    public int Style { get; set; } = 26;

    /// <summary>0: density off; 1..127 maps to 0.5..16 notes per second (exponential).</summary>
    public int Density { get; set; } = 27;

    /// <summary>0: register off; 1..127 maps to centre pitch 28..100.</summary>
    public int Register { get; set; } = 28;

    /// <summary>Pressed (64 and above): answer now, without waiting for the silence. Default: sostenuto pedal.</summary>
    public int Answer { get; set; } = 66;
}

/// <summary>Checks <see cref="ImprovisationOptions"/> at start, naming the setting and what it allows.</summary>
public sealed class ImprovisationOptionsValidator : IValidateOptions<ImprovisationOptions>
{
    public ValidateOptionsResult Validate(string? name, ImprovisationOptions o)
    {
        var failures = new List<string>();
        void Range(string key, double value, double low, double high, string unit = "")
        {
            if (double.IsNaN(value) || value < low || value > high)
            {
                failures.Add($"{ImprovisationOptions.Section}:{key} is {value}; allowed: {low} to {high}{unit}.");
            }
        }

        Range(nameof(o.Channel), o.Channel, 1, 16);
        Range(nameof(o.Transpose), o.Transpose, -48, 48, " semitones");
        Range(nameof(o.SilenceMilliseconds), o.SilenceMilliseconds, 100, 10_000, " ms");
        Range(nameof(o.AnswerLengthRatio), o.AnswerLengthRatio, 0.1, 8);
        Range(nameof(o.MinAnswerSeconds), o.MinAnswerSeconds, 0.5, 60, " s");
        Range(nameof(o.MaxAnswerSeconds), o.MaxAnswerSeconds, o.MinAnswerSeconds, 120, " s (at least MinAnswerSeconds)");
        Range(nameof(o.Temperature), o.Temperature, 0.05, 3);
        Range(nameof(o.TopP), o.TopP, 0.05, 1);
        foreach (var (style, topP) in o.StyleTopP)
        {
            Range($"{nameof(o.StyleTopP)}:{style}", topP, 0.05, 1);
        }

        Range(nameof(o.LowestPitch), o.LowestPitch, 0, 127);
        Range(nameof(o.HighestPitch), o.HighestPitch, o.LowestPitch, 127, " (at least LowestPitch)");
        Range(nameof(o.MaxPolyphony), o.MaxPolyphony, 1, 16);
        Range(nameof(o.MinNoteMilliseconds), o.MinNoteMilliseconds, 0, 1000, " ms");
        Range(nameof(o.MaxNoteMilliseconds), o.MaxNoteMilliseconds, Math.Max(50, o.MinNoteMilliseconds), 30_000, " ms (at least MinNoteMilliseconds)");
        Range(nameof(o.VelocityScale), o.VelocityScale, 0.1, 2);
        if (!Improvisation.MemoryWeight.TryParse(o.MemoryWeight, out _))
        {
            failures.Add($"{ImprovisationOptions.Section}:MemoryWeight is '{o.MemoryWeight}'; allowed: 0 (off) to 1, or Auto.");
        }

        Range(nameof(o.LateNoteMilliseconds), o.LateNoteMilliseconds, 1, 1000, " ms");
        Range(nameof(o.PlanAheadMilliseconds), o.PlanAheadMilliseconds, 0, 50, " ms");
        Range(nameof(o.StopAfterSilenceMilliseconds), o.StopAfterSilenceMilliseconds, 100, 60_000, " ms");
        Range(nameof(o.PulseLock), o.PulseLock, 0, 16, " nats (0: off)");
        Range(nameof(o.HarmonyLock), o.HarmonyLock, 0, 16, " nats (0: off)");
        if (o.Density != 0)
        {
            Range(nameof(o.Density), o.Density, 0.5, 30, " notes per second (or 0: off)");
        }

        if (o.Register != 0)
        {
            Range(nameof(o.Register), o.Register, 21, 108, " (a MIDI pitch, or 0: off)");
        }
        if (!string.IsNullOrWhiteSpace(o.Scale) && !o.InfersScale && !Scale.TryParse(o.Scale, out _, out var scaleError))
        {
            failures.Add($"{ImprovisationOptions.Section}:Scale: {scaleError}.");
        }

        foreach (var (key, controller) in new[]
                 {
                     ("Temperature", o.Controls.Temperature), ("AnswerLength", o.Controls.AnswerLength),
                     ("Mode", o.Controls.Mode), ("Mute", o.Controls.Mute), ("Answer", o.Controls.Answer), ("Memory", o.Controls.Memory),
                     ("Panic", o.Controls.Panic),
                     ("Style", o.Controls.Style), ("Density", o.Controls.Density), ("Register", o.Controls.Register),
                 })
        {
            if (controller is < -1 or > 127)
            {
                failures.Add($"{ImprovisationOptions.Section}:Controls:{key} is {controller}; allowed: 0 to 127, or -1 for none.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
