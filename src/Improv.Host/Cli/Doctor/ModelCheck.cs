using Improv.Host.Improvisation;
using Improv.Inference.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Improv.Host.Cli.Doctor;

/// <summary>The configured model loads as the daemon loads it: manifest, checksums, ONNX Runtime sessions, style.</summary>
public sealed class ModelCheck : IStageCheck
{
    private const string Name = "Model";

    public IEnumerable<Finding> Run(StageSetup setup)
    {
        if (!setup.PlaysModel)
        {
            return [Finding.Ok(Name, "Thru mode plays no model")];
        }
        var settings = setup.Improvisation;
        try
        {
            using var model = new LoadedModel(Options.Create(settings), NullLogger<LoadedModel>.Instance);
            var styles = model.Vocabulary.Styles.Count == 0 ? "no styles" : $"styles {string.Join(", ", model.Vocabulary.Styles)}";
            return [Finding.Ok(Name, $"{model.Folder}: passes its manifest's checks and opens in ONNX Runtime; vocabulary {model.Vocabulary.Version}, {styles}; plays style {settings.Style}")];
        }
        catch (Exception e) when (e is ModelRejectedException or IOException or UnauthorizedAccessException or DllNotFoundException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return [Finding.Failure(Name, e.Message,
                $"mend what it names: a style the model knows ({ImprovisationOptions.Section}:Style), or a model folder that passes " +
                $"({ImprovisationOptions.Section}:Model; improv-export writes one, the archive and a checkout bundle models/default)")];
        }
    }
}
