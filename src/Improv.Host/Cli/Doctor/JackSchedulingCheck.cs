using Improv.Host.Midi.Ports;
using Improv.Host.Realtime;

namespace Improv.Host.Cli.Doctor;

/// <summary>
/// Improv's real-time threads must run below JACK's: a server without real-time scheduling, under Improv's SCHED_FIFO
/// threads, gets its driver starved (measured: output p99 41 ms instead of 2 ms, docs/benchmarks.md). Only asked when
/// Improv's threads ask for a real-time priority and a JACK server answers.
/// </summary>
public sealed class JackSchedulingCheck : IStageCheck
{
    private const string Name = "JACK scheduling";

    public IEnumerable<Finding> Run(StageSetup setup)
    {
        if (setup.RealtimePriority <= 0 || JackServer.Scheduling() is not { } jack)
        {
            return [];
        }

        var setting = $"{RealtimeOptions.Section}:RealtimePriority";
        var server = $"JACK server '{JackServer.CurrentName}'";
        if (!jack.Realtime)
        {
            return [Finding.Warning(Name,
                $"{setting} is {setup.RealtimePriority}, but {server} runs without real-time scheduling: Improv's threads would starve its driver and notes would come late",
                $"start jackd with -R (QjackCtl: Realtime on), or set --{setting}=0")];
        }

        return jack.Priority > setup.RealtimePriority
            ? [Finding.Ok(Name, $"{server} runs real-time, its clients' process threads at priority {jack.Priority}, above Improv's threads ({setup.RealtimePriority})")]
            : [Finding.Warning(Name,
                $"{server} runs real-time, but its clients' process threads at priority {jack.Priority}, not above Improv's threads ({setting} {setup.RealtimePriority}): Improv could hold up JACK's cycle",
                $"set --{setting} below {jack.Priority}, or start jackd with a higher -P")];
    }
}
