using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Improv.Host.Cli;

/// <summary>`improv service install | uninstall`: Improv as a systemd --user service, started when its user's manager starts.</summary>
public static class ServiceCommand
{
    private const string Prefix = "improv service:";

    /// <summary>
    /// The command; `install` takes `improv run`'s options and settings (`improv service install --synth --mode Duet`),
    /// checked here with <paramref name="settings"/> as the daemon will check them, and written into the unit.
    /// </summary>
    public static Command Create(Func<ParseResult, IHost> settings, params Option[] runOptions)
    {
        Command install = new("install", "Write and enable a systemd --user unit that runs this daemon as you (Linux), with the `run` options and settings given after it; prints every file it writes")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in runOptions)
        {
            install.Options.Add(option);
        }
        Command uninstall = new("uninstall", "Disable the systemd --user unit and remove every file install wrote");
        install.SetAction(parse => OnLinux(() => Install(parse, settings)));
        uninstall.SetAction(_ => OnLinux(Uninstall));
        return new Command("service", "Run Improv as a systemd --user service (Linux)") { install, uninstall };
    }

    private static int OnLinux(Func<int> action)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine($"{Prefix} systemd units are Linux's; on macOS start `improv run` from a launchd agent, on Windows from the Task Scheduler.");
            return 1;
        }
        return action();
    }

    private static int Install(ParseResult parse, Func<ParseResult, IHost> settings)
    {
        if (SettingArguments.Unknown(parse) is { Count: > 0 } unknown)
        {
            Console.Error.WriteLine($"{Prefix} unknown argument(s) {string.Join(" ", unknown)}; after `install` go `improv run`'s options and settings (--Improv:Section:Key=value)");
            return 2;
        }
        if (Refused(parse, settings) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                Console.Error.WriteLine($"{Prefix} setting error: {failure} Nothing was written.");
            }
            return 2;
        }
        if (!File.Exists(UserUnit.Template))
        {
            Console.Error.WriteLine($"{Prefix} the unit template {UserUnit.Template} is missing; it ships in config/ beside the daemon (reinstall the archive).");
            return 1;
        }
        var unit = Path.Combine(UserUnit.Folder, UserUnit.FileName);
        Directory.CreateDirectory(UserUnit.Folder);
        var command = UserUnit.DaemonCommand(RunArguments(parse));
        File.WriteAllText(unit, UserUnit.From(File.ReadAllText(UserUnit.Template), command, AppContext.BaseDirectory.TrimEnd('/')) + "\n");
        Console.WriteLine($"{Prefix} wrote {unit} (runs `{command}` as {Environment.UserName})");

        if (!Systemctl("daemon-reload") || !Systemctl("enable", "--now", UserUnit.FileName))
        {
            Console.Error.WriteLine($"{Prefix} the unit is written but not enabled; once systemd runs your user manager: systemctl --user enable --now {UserUnit.FileName}");
            return 1;
        }
        Console.WriteLine($"{Prefix} Improv runs now and whenever you log in. To start it at boot without logging in (a stage box without a screen): " +
            $"sudo loginctl enable-linger {Environment.UserName}. Logs: journalctl --user -u improv");
        return 0;
    }

    private static IReadOnlyList<string> Refused(ParseResult parse, Func<ParseResult, IHost> settings)
    {
        using var host = settings(parse);
        return StartSettings.Refused(host.Services);
    }

    /// <summary>The words after `install` on the command line, as given: they go to `improv run` in the unit.</summary>
    private static IEnumerable<string> RunArguments(ParseResult parse) =>
        parse.Tokens.SkipWhile(token => !(token.Type == TokenType.Command && token.Value == "install")).Skip(1).Select(token => token.Value);

    private static int Uninstall()
    {
        var unit = Path.Combine(UserUnit.Folder, UserUnit.FileName);
        if (!File.Exists(unit))
        {
            Console.WriteLine($"{Prefix} nothing to remove: no {unit}");
            return 0;
        }
        // Without systemctl no systemd ran it, so there is nothing to stop.
        var systemd = ProgramsOnPath.Find("systemctl") is not null;
        var stopped = !systemd || Systemctl("disable", "--now", UserUnit.FileName);
        // What `systemctl enable` linked, in case disable could not reach the user manager to unlink it.
        foreach (var file in new[] { Path.Combine(UserUnit.Folder, "default.target.wants", UserUnit.FileName), unit })
        {
            if (File.Exists(file) || new FileInfo(file).LinkTarget is not null)
            {
                File.Delete(file);
                Console.WriteLine($"{Prefix} removed {file}");
            }
        }
        if (systemd && stopped)
        {
            Systemctl("daemon-reload");
        }
        return stopped ? 0 : 1;
    }

    /// <summary>Runs `systemctl --user ARGS`, saying so first; false, with the reason printed, when it is missing or fails.</summary>
    private static bool Systemctl(params string[] arguments)
    {
        string[] all = ["--user", .. arguments];
        Console.WriteLine($"{Prefix} running systemctl {string.Join(' ', all)}");
        if (ProgramsOnPath.Find("systemctl") is not { } systemctl)
        {
            Console.Error.WriteLine($"{Prefix} systemctl not found: this system does not run systemd, so no service can be enabled here");
            return false;
        }
        var info = new ProcessStartInfo(systemctl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in all)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.Write(stdout);
        Console.Error.Write(stderr.Result);
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"{Prefix} `systemctl {string.Join(' ', all)}` failed (exit {process.ExitCode}): is systemd running, with a user manager for you " +
                "(log in on the machine, or `sudo loginctl enable-linger USER`)?");
            return false;
        }
        return true;
    }
}
