using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Improv.Benchmarks;

/// <summary>Entry point: `dotnet run -c Release --project benchmarks/Improv.Benchmarks -- --filter '*'`.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
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
