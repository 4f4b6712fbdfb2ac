using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Improv.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Improv.Benchmarks -- --filter '*'`: BenchmarkDotNet.
/// `... -- percentiles [STEPS]`: every step timed on its own, engines interleaved; writes benchmarks/results/step-latency.md.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["percentiles", ..])
        {
            var steps = args.Length > 1 ? int.Parse(args[1]) : 20_000;
            var report = StepPercentiles.Run(steps);
            Console.Write(report);
            Directory.CreateDirectory(Path.Combine("benchmarks", "results"));
            File.WriteAllText(Path.Combine("benchmarks", "results", "step-latency.md"), report);
            return;
        }

        // In process: BenchmarkDotNet would otherwise generate and build a second project that copies libtorch
        // (about 530 MB) again. Fixed counts keep a run to a few minutes on a busy 2-core machine.
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(20);
        var config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .WithArtifactsPath(Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "benchmarks"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
