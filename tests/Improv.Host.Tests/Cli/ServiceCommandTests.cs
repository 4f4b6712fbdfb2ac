using Improv.Host.Cli;

namespace Improv.Host.Tests.Cli;

/// <summary>
/// `improv service install | uninstall` writing into a temporary XDG_CONFIG_HOME. systemd does not run on this machine:
/// enabling is tested as far as the systemctl command and the message when systemctl is missing or cannot reach systemd.
/// </summary>
public sealed class ServiceCommandTests : IDisposable
{
    private readonly TemporaryFolder home = new("improv-service-");

    private string UnitFile => Path.Combine(home.Path, "systemd", "user", "improv.service");

    [Fact]
    public void UserUnit_IsTheShippedUnit_RunningThisDaemonAsItsUser()
    {
        var template = File.ReadAllText(Path.Combine(Repository.Root, "config", "improv.service"));

        var unit = UserUnit.From(template, "/opt/my improv/improv run", "/opt/my improv").Split('\n');

        Assert.Contains("ExecStart=/opt/my improv/improv run", unit);
        Assert.Contains("WorkingDirectory=\"/opt/my improv\"", unit);
        Assert.Contains("WantedBy=default.target", unit);
        Assert.DoesNotContain(unit, line => line.StartsWith("User=") || line.StartsWith("Group=") || line.StartsWith("LimitRTPRIO=") || line.StartsWith("LimitMEMLOCK="));
        // Everything else of the shipped unit's body is kept as it is: one source of truth.
        var changed = new[] { "ExecStart=", "WorkingDirectory=", "WantedBy=", "User=", "Group=", "LimitRTPRIO=", "LimitMEMLOCK=" };
        var body = template.Split('\n').SkipWhile(line => line.StartsWith('#')).Where(line => !changed.Any(line.StartsWith)).ToList();
        Assert.Contains("Type=notify", body);
        Assert.Contains("Restart=on-failure", body);
        Assert.All(body, line => Assert.Contains(line, unit));
    }

    [Fact]
    public void Install_WithoutSystemctl_WritesTheUnit_SaysHowToEnableIt_AndUninstallRemovesIt()
    {
        var noSystemd = Directory.CreateDirectory(Path.Combine(home.Path, "bin")).FullName;
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = home.Path, ["PATH"] = noSystemd };

        var (installed, installOutput) = DaemonProcess.RunToEnd(environment, "service", "install");

        Assert.True(installed == 1, installOutput);
        Assert.Contains($"improv service: wrote {UnitFile}", installOutput);
        Assert.Contains("improv service: running systemctl --user daemon-reload", installOutput);
        Assert.Contains("systemctl not found: this system does not run systemd", installOutput);
        Assert.Contains("the unit is written but not enabled; once systemd runs your user manager: systemctl --user enable --now improv.service", installOutput);
        var unit = File.ReadAllLines(UnitFile);
        var daemon = Path.Combine(AppContext.BaseDirectory, "improv.dll");
        Assert.Contains(unit, line => line.StartsWith("ExecStart=") && line.Contains("dotnet") && line.EndsWith($"{daemon} run"));
        Assert.Contains($"WorkingDirectory={AppContext.BaseDirectory.TrimEnd('/')}", unit);

        var (removed, uninstallOutput) = DaemonProcess.RunToEnd(environment, "service", "uninstall");

        Assert.Contains($"improv service: removed {UnitFile}", uninstallOutput);
        Assert.False(File.Exists(UnitFile));
        Assert.True(removed == 0, uninstallOutput);
    }

    [Fact]
    public void Install_WritesTheRunOptionsGivenAfterIt_IntoTheUnit_OneWordEach()
    {
        var noSystemd = Directory.CreateDirectory(Path.Combine(home.Path, "bin")).FullName;
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = home.Path, ["PATH"] = noSystemd };

        var (_, output) = DaemonProcess.RunToEnd(environment, "service", "install", "--synth", "--mode", "Duet", "--input", "Test Keys", "--Improv:Synth:Program=19");

        var unit = File.ReadAllLines(UnitFile);
        Assert.Contains(unit, line => line.StartsWith("ExecStart=") && line.EndsWith(" run --synth --mode Duet --input \"Test Keys\" --Improv:Synth:Program=19"));
        Assert.Contains("run --synth --mode Duet", output);
    }

    [Fact]
    public void Install_WithASettingTheDaemonWouldRefuse_NamesIt_AndWritesNothing()
    {
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = home.Path };

        var (exitCode, output) = DaemonProcess.RunToEnd(environment, "service", "install", "--synth", "--Improv:Improvisation:Temperature=9");

        Assert.True(exitCode == 2, output);
        Assert.Contains("improv service: setting error: Improv:Improvisation:Temperature is 9; allowed: 0.05 to 3.", output);
        Assert.False(File.Exists(UnitFile));
    }

    [Theory]
    [InlineData("--synth", "--synth")]
    [InlineData("Keystation 49", "\"Keystation 49\"")]
    [InlineData("--Improv:Improvisation:Temperature=0.9", "--Improv:Improvisation:Temperature=0.9")]
    [InlineData("100%", "100%%")]
    [InlineData("$HOME", "$$HOME")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("", "\"\"")]
    public void EachRunArgument_IsOneWordToSystemd_WithNothingExpanded(string argument, string written)
    {
        Assert.Equal(written, UserUnit.Word(argument));
    }

    [Fact]
    public void WhereSystemdDoesNotRun_InstallAndUninstallNameTheFailedSystemctlCommand()
    {
        Assert.False(Directory.Exists("/run/systemd/system"), "this test needs a machine where systemd does not run");
        Assert.NotNull(ProgramsOnPath.Find("systemctl"));

        var (exitCode, output) = DaemonProcess.RunToEnd(new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = home.Path }, "service", "install");

        Assert.True(exitCode == 1, output);
        Assert.True(File.Exists(UnitFile), output);
        Assert.Contains("improv service: running systemctl --user daemon-reload", output);
        Assert.Contains("`systemctl --user daemon-reload` failed (exit", output);

        var (removed, said) = DaemonProcess.RunToEnd(new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = home.Path }, "service", "uninstall");

        Assert.True(removed == 1, said);
        Assert.Contains("`systemctl --user disable --now improv.service` failed (exit", said);
        Assert.Contains($"improv service: removed {UnitFile}", said);
        Assert.False(File.Exists(UnitFile));
    }

    public void Dispose() => home.Dispose();
}
