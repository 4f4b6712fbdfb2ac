using Google.Protobuf;
using Improv.Export.Onnx.Proto;
using Improv.Inference.Model;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Improv.Export.Onnx;

/// <summary>
/// Appends nodes, weights and typed inputs/outputs to an ONNX graph. Hand-written because no maintained
/// .NET library writes ONNX; the protobuf classes themselves are generated from onnx.proto at build time.
/// </summary>
internal sealed class GraphBuilder(string name)
{
    /// <summary>ONNX IR version 8 pairs with opset 17 and loads in ONNX Runtime 1.31.</summary>
    public const long IrVersion = 8;

    public const int Opset = 17;

    private readonly GraphProto graph = new() { Name = name };
    private int nodeCount;

    public string Weights(string tensorName, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = tensorName, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        graph.Initializer.Add(tensor);
        return tensorName;
    }

    /// <summary>An int64 constant of the given dims (empty dims: a scalar), e.g. axes, split sizes, shapes, indices.</summary>
    public string Int64s(string tensorName, long[] dims, params long[] values)
    {
        var tensor = new TensorProto { Name = tensorName, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
        return tensorName;
    }

    public string Int64s(string tensorName, params long[] values) => Int64s(tensorName, [values.Length], values);

    /// <summary>Declares the graph's inputs and outputs exactly as the loader will expect them.</summary>
    public void Interface((GraphContract.Port[] Inputs, GraphContract.Port[] Outputs) ports)
    {
        graph.Input.AddRange(ports.Inputs.Select(ValueInfo));
        graph.Output.AddRange(ports.Outputs.Select(ValueInfo));
    }

    /// <summary>Adds a node whose outputs are named after it; returns those names.</summary>
    public string[] Node(string opType, string[] inputs, int outputCount, params AttributeProto[] attributes)
    {
        var nodeName = $"{opType}_{nodeCount}";
        return Node(opType, inputs, Enumerable.Range(0, outputCount).Select(i => $"{nodeName}_out{i}").ToArray(), attributes);
    }

    /// <summary>Adds a node writing the given output names (a graph output, for instance).</summary>
    public string[] Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{nodeCount++}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return outputs;
    }

    public string Node1(string opType, string[] inputs, params AttributeProto[] attributes) =>
        Node(opType, inputs, 1, attributes)[0];

    public ModelProto ToModel(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "improv-export",
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    public static AttributeProto Int(string attributeName, long value) =>
        new() { Name = attributeName, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static ValueInfoProto ValueInfo(GraphContract.Port port)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(port.Shape.Select(d => d < 0
            ? new TensorShapeProto.Types.Dimension { DimParam = GraphContract.Length }
            : new TensorShapeProto.Types.Dimension { DimValue = d }));
        var type = port.Type switch
        {
            TensorElementType.Float => TensorProto.Types.DataType.Float,
            TensorElementType.Int64 => TensorProto.Types.DataType.Int64,
            _ => throw new ArgumentOutOfRangeException(nameof(port), port.Type, "the graphs use float and int64 tensors only"),
        };
        return new ValueInfoProto
        {
            Name = port.Name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
