namespace Improv.Host.Cli;

/// <summary>
/// The systemd --user unit `improv service install` writes: config/improv.service (the one unit Improv ships) made to
/// run this daemon, from its own folder, as the user who installs it.
/// </summary>
public static class UserUnit
{
    public const string FileName = "improv.service";

    /// <summary>The shipped unit, beside the daemon (the build and the archives copy config/ there).</summary>
    public static string Template => Path.Combine(AppContext.BaseDirectory, "config", FileName);

    /// <summary>Where systemd looks for a user's own units: $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user.</summary>
    public static string Folder
    {
        get
        {
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "systemd", "user");
        }
    }

    /// <summary>
    /// The command that starts this daemon: its own executable, or `dotnet improv.dll` when run that way, then `run`
    /// and <paramref name="runArguments"/>, each one word to systemd.
    /// </summary>
    public static string DaemonCommand(IEnumerable<string> runArguments)
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var daemon = Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? $"{Quoted(process)} {Quoted(Path.Combine(AppContext.BaseDirectory, "improv.dll"))}"
            : Quoted(process);
        return string.Join(' ', [daemon, "run", .. runArguments.Select(Word)]);
    }

    /// <summary>
    /// One argument as systemd's ExecStart reads it: quoted when it holds a space or a quote, and its % and $ doubled,
    /// which systemd would otherwise expand as specifiers and variables (systemd.service, "Command lines").
    /// </summary>
    public static string Word(string argument)
    {
        var escaped = argument.Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal);
        return escaped.Length > 0 && !escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\' or '\'' or ';')
            ? escaped
            : "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// The template with this daemon's command and folder. A user unit runs as its user, so User= and Group= go; it
    /// runs with the user's own limits (/etc/security/limits.d), which it may not raise, so LimitRTPRIO and
    /// LimitMEMLOCK go too; and a user's manager has default.target, not multi-user.target.
    /// </summary>
    public static string From(string template, string command, string workingDirectory)
    {
        var lines = new List<string>
        {
            "# Written by `improv service install` from Improv's config/improv.service; `improv service uninstall` removes it.",
            "# A user unit: it runs as you, with your own real-time limits (`improv doctor` checks them).",
            "# Logs: journalctl --user -u improv. Settings: appsettings.json beside the daemon, or Environment= lines below.",
        };
        var body = template.Split('\n').Select(line => line.TrimEnd('\r')).SkipWhile(line => line.StartsWith('#'));
        foreach (var line in body)
        {
            if (line.StartsWith("User=", StringComparison.Ordinal) || line.StartsWith("Group=", StringComparison.Ordinal)
                || line.StartsWith("LimitRTPRIO=", StringComparison.Ordinal) || line.StartsWith("LimitMEMLOCK=", StringComparison.Ordinal))
            {
                continue;
            }
            lines.Add(line switch
            {
                _ when line.StartsWith("ExecStart=", StringComparison.Ordinal) => $"ExecStart={command}",
                _ when line.StartsWith("WorkingDirectory=", StringComparison.Ordinal) => $"WorkingDirectory={Quoted(workingDirectory)}",
                "WantedBy=multi-user.target" => "WantedBy=default.target",
                _ => line,
            });
        }
        return string.Join('\n', lines);
    }

    private static string Quoted(string path) => path.Contains(' ') ? $"\"{path}\"" : path;
}
