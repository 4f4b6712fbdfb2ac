using Improv.Host.Settings;
using Improv.Inference.Model;
using Improv.Inference.Step;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Improvisation;

/// <summary>The configured model, checked against its manifest and open in ONNX Runtime, with the step session the daemon plays.</summary>
public sealed class LoadedModel : IDisposable
{
    private readonly ModelPackage package;

    public LoadedModel(IOptions<ImprovisationOptions> options, ILogger<LoadedModel> log)
    {
        var folder = ModelLocation.Resolve(options.Value.Model);
        package = ModelPackage.Load(folder);
        Session = new StepSession(package);
        var p = package.Hyperparameters;
        log.LogInformation("Model {Folder}: {Layers} x {Hidden} LSTM, vocabulary {Version}", folder, p.Layers, p.HiddenSize, package.Manifest.VocabularyVersion);
    }

    public StepSession Session { get; }

    public void Dispose()
    {
        Session.Dispose();
        package.Dispose();
    }
}
