using System.CommandLine;
using Improv.Data;

var file = new Argument<string>("file") { Description = "A Standard MIDI File (.mid)" };
var inspect = new Command("inspect", "Print a MIDI file's tracks, notes and tokens") { file };
inspect.SetAction(parse => InspectCommand.Run(parse.GetValue(file)!, Console.Out, Console.Error));

var corpus = new Argument<string>("dir") { Description = "Folder searched recursively for .mid files" };
var cacheOut = new Option<string>("--out") { Description = "Folder for the token cache", DefaultValueFactory = _ => "cache/tokens" };
var tokenize = new Command("tokenize", "Tokenise every MIDI file under a folder into a token cache, one file per split") { corpus, cacheOut };
tokenize.SetAction(parse => TokenizeCommand.Run(parse.GetValue(corpus)!, parse.GetValue(cacheOut)!, Console.Out, Console.Error));

var splitCorpus = new Argument<string>("dir") { Description = "Folder searched recursively for .mid files, or a data folder with corpora.json (every corpus by its rules)" };
var splitsOut = new Option<string?>("--out") { Description = "Folder for train.txt, valid.txt, test.txt (default: DIR/splits)" };
var splits = new Command("splits", "Write the train/valid/test song id lists of a corpus") { splitCorpus, splitsOut };
splits.SetAction(parse => SplitsCommand.Run(parse.GetValue(splitCorpus)!, parse.GetValue(splitsOut), Console.Out, Console.Error));

var root = new RootCommand("improv-data: look at MIDI files and turn a corpus into training tokens") { inspect, tokenize, splits };
return root.Parse(args).Invoke();
