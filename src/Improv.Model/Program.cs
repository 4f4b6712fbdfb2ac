using System.CommandLine;
using Improv.Model.Commands;

var commandLine = string.Join(' ', new[] { "improv-train" }.Concat(args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)));
var root = new RootCommand("improv-train: train the Improv LSTM on a MIDI corpus and score it against an n-gram baseline")
{
    TrainCommand.Create(commandLine),
    EvalCommand.Create(),
    ThroughputCommand.Create(),
};

// Ctrl+C asks the run to stop after its step and save a checkpoint; give that save time to finish.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(2) });
