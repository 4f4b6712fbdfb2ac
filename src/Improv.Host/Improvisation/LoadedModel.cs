using System.Runtime;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Improvisation;

/// <summary>A model checked against its manifest and open in ONNX Runtime, with the step session the daemon plays.</summary>
public sealed class LoadedModel : IDisposable
{
    private readonly ModelPackage package;
    private int disposed;

    /// <summary>The configured model, loaded at start.</summary>
    public LoadedModel(IOptions<ImprovisationOptions> options, ILogger<LoadedModel> log)
        : this(ModelLocation.Resolve(options.Value.Model))
    {
        if (options.Value.Role.ProblemWith(package.Vocabulary) is { } problem)
        {
            Dispose();
            throw new ModelRejectedException($"model {Folder}: {ImprovisationOptions.Section}:Style: {problem}");
        }


        // The graphs' bytes (about 10 MB on the large-object heap) are garbage once ONNX Runtime holds the model, but
        // an idle daemon allocates too little for the GC ever to run: collect them once here, at start, before the
        // daemon plays (about 8 MB less resident). Never on a hot swap: a blocking collection would pause the players.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect();
        var p = package.Hyperparameters;
        log.LogInformation("Model {Folder}: {Layers} x {Hidden} LSTM, vocabulary {Version}, styles [{Styles}], playing style {Style}",
            Folder, p.Layers, p.HiddenSize, package.Manifest.VocabularyVersion, string.Join(", ", package.Vocabulary.Styles), options.Value.Style);
    }

    /// <summary>The model in <paramref name="folder"/>; throws <see cref="ModelRejectedException"/> when it fails its checks.</summary>
    public LoadedModel(string folder)
    {
        Folder = folder;
        // The daemon only steps: the sequence graph is checksummed but gets no session (less resident memory).
        package = ModelPackage.Load(folder, ModelGraphs.StepOnly);
        try
        {
            Session = new StepSession(package);
        }
        catch
        {
            package.Dispose();
            throw;
        }
    }

    public string Folder { get; }

    /// <summary>The token vocabulary the model speaks.</summary>
    public Music.Tokens.TokenVocabulary Vocabulary => package.Vocabulary;

    public StepSession Session { get; }

    /// <summary>Closes the session; a second call (the retiring swap, then the host at exit) does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Session.Dispose();
            package.Dispose();
        }
    }
}
