using System.CommandLine;
using Improv.Data;

var file = new Argument<string>("file") { Description = "A Standard MIDI File (.mid)" };
var inspect = new Command("inspect", "Print a MIDI file's tracks, notes and tokens") { file };
inspect.SetAction(parse => InspectCommand.Run(parse.GetValue(file)!, Console.Out, Console.Error));

var splitCorpus = new Argument<string>("dir") { Description = "Folder searched recursively for .mid files, or a data folder with corpora.json (every corpus by its rules)" };
var splitsOut = new Option<string?>("--out") { Description = "Folder for train.txt, valid.txt, test.txt (default: DIR/splits)" };
var splits = new Command("splits", "Write the train/valid/test song id lists of a corpus") { splitCorpus, splitsOut };
splits.SetAction(parse => SplitsCommand.Run(parse.GetValue(splitCorpus)!, parse.GetValue(splitsOut), Console.Out, Console.Error));

var root = new RootCommand("improv-data: look at MIDI files and write a corpus's split lists") { inspect, splits };
return root.Parse(args).Invoke();
