using System.CommandLine;

namespace Improv.Evaluation;

/// <summary>`improv-evaluate`: the model's report, `improv-evaluate listen-test make|score` and `improv-evaluate accompany-live melodies|score`, `improv-evaluate memory`.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = EvaluateCommand.Create();
        root.Subcommands.Add(ListenTestCommand.Create());
        root.Subcommands.Add(AccompanyLiveCommand.Create());
        root.Subcommands.Add(MemoryCommand.Create());
        return root.Parse(args).Invoke();
    }
}
