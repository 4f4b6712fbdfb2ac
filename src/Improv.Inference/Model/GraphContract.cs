using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Improv.Inference.Model;

/// <summary>
/// The input and output names, element types and shapes of the step and sequence graphs: the exporter
/// writes them and the loader checks them, so a graph the daemon cannot bind is refused at load.
/// </summary>
public static class GraphContract
{
    public const string Token = "token";
    public const string Tokens = "tokens";
    public const string Hidden = "h";
    public const string Cell = "c";
    public const string Logits = "logits";
    public const string HiddenOut = "h_out";
    public const string CellOut = "c_out";

    /// <summary>The symbolic dimension name of the sequence graph's length.</summary>
    public const string Length = "length";

    /// <summary>One named tensor of a graph's interface; -1 marks the symbolic length.</summary>
    public sealed record Port(string Name, TensorElementType Type, long[] Shape)
    {
        public override string ToString() =>
            $"{Type.ToString().ToLowerInvariant()} [{string.Join(",", Shape.Select(d => d < 0 ? Length : d.ToString()))}]";
    }

    public static (Port[] Inputs, Port[] Outputs) Step(Hyperparameters p) => (
        [new(Token, TensorElementType.Int64, [1]), .. StateInputs(p)],
        [new(Logits, TensorElementType.Float, [1, p.VocabularySize]), .. StateOutputs(p)]);

    public static (Port[] Inputs, Port[] Outputs) Sequence(Hyperparameters p) => (
        [new(Tokens, TensorElementType.Int64, [-1]), .. StateInputs(p)],
        [new(Logits, TensorElementType.Float, [-1, p.VocabularySize]), .. StateOutputs(p)]);

    public static long[] StateShape(Hyperparameters p) => [p.Layers, 1, p.HiddenSize];

    private static Port[] StateInputs(Hyperparameters p) =>
        [new(Hidden, TensorElementType.Float, StateShape(p)), new(Cell, TensorElementType.Float, StateShape(p))];

    private static Port[] StateOutputs(Hyperparameters p) =>
        [new(HiddenOut, TensorElementType.Float, StateShape(p)), new(CellOut, TensorElementType.Float, StateShape(p))];

    /// <summary>Names every way the session's interface differs from the expected one; empty when it matches.</summary>
    public static IReadOnlyList<string> Mismatches(InferenceSession session, (Port[] Inputs, Port[] Outputs) expected) =>
        [.. Compare("input", session.InputMetadata, expected.Inputs), .. Compare("output", session.OutputMetadata, expected.Outputs)];

    private static IEnumerable<string> Compare(string role, IReadOnlyDictionary<string, NodeMetadata> actual, Port[] expected)
    {
        foreach (var name in actual.Keys.Except(expected.Select(p => p.Name)))
        {
            yield return $"unexpected {role} '{name}'";
        }

        foreach (var port in expected)
        {
            if (!actual.TryGetValue(port.Name, out var found))
            {
                yield return $"missing {role} '{port.Name}' ({port})";
                continue;
            }

            var shape = found.Dimensions.Select(d => (long)d).ToArray();
            var type = found.IsTensor ? found.ElementDataType : TensorElementType.DataTypeMax;
            if (type != port.Type || !shape.SequenceEqual(port.Shape))
            {
                yield return $"{role} '{port.Name}': expected {port}, found {new Port(port.Name, type, shape)}";
            }
        }
    }
}
