using System.CommandLine;
using System.Diagnostics;

namespace Improv.Host.Cli;

/// <summary>`improv service install | uninstall`: Improv as a systemd --user service, started when its user's manager starts.</summary>
public static class ServiceCommand
{
    private const string Prefix = "improv service:";

    public static Command Create()
    {
        Command install = new("install", "Write and enable a systemd --user unit that runs this daemon as you (Linux); prints every file it writes");
        Command uninstall = new("uninstall", "Disable the systemd --user unit and remove every file install wrote");
        install.SetAction(_ => OnLinux(Install));
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

    private static int Install()
    {
        if (!File.Exists(UserUnit.Template))
        {
            Console.Error.WriteLine($"{Prefix} the unit template {UserUnit.Template} is missing; it ships in config/ beside the daemon (reinstall the archive).");
            return 1;
        }
        var unit = Path.Combine(UserUnit.Folder, UserUnit.FileName);
        Directory.CreateDirectory(UserUnit.Folder);
        var command = UserUnit.DaemonCommand();
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
