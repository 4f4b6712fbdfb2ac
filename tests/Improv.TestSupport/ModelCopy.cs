using System.Text.Json;
using System.Text.Json.Nodes;
using Improv.Inference.Model;

namespace Improv.TestSupport;

/// <summary>A copy of the bundled model a test may damage or edit: its manifest changed, a graph's bytes flipped.</summary>
public static class ModelCopy
{
    /// <summary>Copies models/default into a new folder under <paramref name="parent"/>, editing the manifest when asked.</summary>
    public static string OfDefault(string parent, Action<JsonNode>? editManifest = null)
    {
        var copy = Directory.CreateDirectory(Path.Combine(parent, $"model-{Guid.NewGuid():N}")).FullName;
        foreach (var file in Directory.GetFiles(Repository.DefaultModel))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        if (editManifest is not null)
        {
            var path = Path.Combine(copy, ModelManifest.FileName);
            var manifest = JsonNode.Parse(File.ReadAllText(path))!;
            editManifest(manifest);
            File.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        return copy;
    }

    /// <summary>A copy of models/default with one bit of <paramref name="graph"/> flipped, in the middle of its bytes: its checksum fails.</summary>
    public static string WithDamagedGraph(string parent, string graph = "step.onnx")
    {
        var copy = OfDefault(parent);
        var path = Path.Combine(copy, graph);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        return copy;
    }
}
