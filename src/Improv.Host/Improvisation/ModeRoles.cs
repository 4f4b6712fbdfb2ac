using Improv.Music.Notes;

namespace Improv.Host.Improvisation;

/// <summary>Which part each mode gives the player and which it gives Improv.</summary>
public static class ModeRoles
{
    /// <summary>
    /// The role a mode plays in <paramref name="style"/>: in call and response Improv answers in the part of the call
    /// (<paramref name="callPart"/>); in duet both play the lead; accompany and solo split the parts.
    /// </summary>
    public static VoiceRole RoleIn(this ImprovisationMode mode, string style, Part callPart = Part.Lead) => mode switch
    {
        ImprovisationMode.Accompany => new VoiceRole(Part.Lead, Part.Accompaniment, style),
        ImprovisationMode.Solo => new VoiceRole(Part.Accompaniment, Part.Lead, style),
        ImprovisationMode.CallAndResponse => new VoiceRole(callPart, callPart, style),
        _ => new VoiceRole(Part.Lead, Part.Lead, style),
    };

    /// <summary>True for the modes only a two-part model plays.</summary>
    public static bool NeedsTwoParts(this ImprovisationMode mode) => mode is ImprovisationMode.Accompany or ImprovisationMode.Solo;
}
