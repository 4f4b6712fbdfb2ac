using System.CommandLine;

namespace Improv.Evaluation;

/// <summary>`improv-evaluate`: the model's report, and `improv-evaluate listen-test make|score`.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = EvaluateCommand.Create();
        root.Subcommands.Add(ListenTestCommand.Create());
        return root.Parse(args).Invoke();
    }
}
