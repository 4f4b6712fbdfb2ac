namespace Improv.Host.Tests;

/// <summary>
/// `Improv:Realtime:RealtimePriority` on the real daemon: each of its three real-time threads says whether it got
/// SCHED_FIFO, and the kernel (/proc) agrees with what it said.
/// </summary>
[Collection(JackCollection.Name)]
[Trait("Category", "Live")]
public class RealtimePriorityTests
{
    private const int Priority = 20;

    [Fact]
    public void TheReceiverPerformerAndSchedulerRunAtThePriorityTheySay()
    {
        using var daemon = DaemonProcess.Start($"--Improv:Realtime:RealtimePriority={Priority}");
        daemon.WaitFor($"real-time priority {Priority}", TimeSpan.FromSeconds(30), times: 3);

        // Linux keeps 15 characters of a thread's name.
        foreach (var thread in new[] { "improv receiver", "improv performer", "improv scheduler" })
        {
            var said = daemon.Output.Split('\n').Single(line => line.Contains($"{thread} ", StringComparison.Ordinal)
                && line.Contains($"real-time priority {Priority}", StringComparison.Ordinal));
            var (policy, priority) = Scheduling(daemon.Id, thread[..15]);
            if (said.Contains("runs at", StringComparison.Ordinal))
            {
                Assert.Equal((1, Priority), (policy, priority));
            }
            else
            {
                Assert.Contains("was refused", said, StringComparison.Ordinal);
                Assert.Equal((0, 0), (policy, priority));
            }
        }
    }

    /// <summary>The scheduling policy (0 normal, 1 SCHED_FIFO) and real-time priority of the process's thread so named.</summary>
    private static (int Policy, int Priority) Scheduling(int pid, string threadName)
    {
        var task = Directory.GetDirectories($"/proc/{pid}/task")
            .Single(folder => File.ReadAllText(Path.Combine(folder, "comm")).TrimEnd('\n') == threadName);
        // Fields 40 and 41 of stat, counted after the ")" that ends the name (field 2).
        var fields = File.ReadAllText(Path.Combine(task, "stat")).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(fields[38]), int.Parse(fields[37]));
    }
}
