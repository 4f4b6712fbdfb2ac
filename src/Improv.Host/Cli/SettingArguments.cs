using System.CommandLine;

namespace Improv.Host.Cli;

/// <summary>The words on a command line that are neither an option nor a setting given as --Improv:Section:Key=value.</summary>
public static class SettingArguments
{
    /// <summary>Settings pass through as --Section:Key=value; anything else is a typo (`improv prots`), not a reason to start.</summary>
    public static IReadOnlyList<string> Unknown(ParseResult parse) =>
        parse.UnmatchedTokens.Where(token => !(token.StartsWith("--", StringComparison.Ordinal) && token.Contains(':') && token.Contains('='))).ToList();
}
