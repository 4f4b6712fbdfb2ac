using Microsoft.ML.OnnxRuntime;

namespace Improv.Inference.Model;

/// <summary>ONNX Runtime options for a step engine that shares the machine with MIDI and audio threads.</summary>
internal static class SessionSettings
{
    public static SessionOptions Create()
    {
        // One intra-op thread: a step is too small to split, and a pool of spinning threads would compete
        // with the real-time MIDI thread for the laptop's cores.
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return options;
    }
}
