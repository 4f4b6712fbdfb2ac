using Improv.Inference.Model;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Improv.Inference.Step;

/// <summary>
/// The hot part of a step: every tensor allocated once in native memory, and two IoBindings that read the
/// state from one buffer pair and write it into the other, swapped after each run, so a step allocates nothing.
/// </summary>
internal sealed unsafe class StepKernel : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtValue token;
    private readonly OrtValue logits;
    private readonly OrtValue[] hidden = new OrtValue[2];
    private readonly OrtValue[] cell = new OrtValue[2];
    private readonly OrtIoBinding[] bindings = new OrtIoBinding[2];

    // Raw addresses of the native buffers, taken once: reading them per step through the OrtValue API
    // would cost a native call and a shape query each time.
    private readonly long* tokenData;
    private readonly float* logitsData;
    private readonly float*[] hiddenData = new float*[2];
    private readonly float*[] cellData = new float*[2];
    private readonly int vocabularySize;
    private readonly int stateSize;

    // bindings[current] reads state buffer `current` and writes buffer 1 - current.
    private int current;

    public StepKernel(InferenceSession session, long[] stateShape, int vocabularySize)
    {
        this.session = session;
        this.vocabularySize = vocabularySize;
        stateSize = (int)(stateShape[0] * stateShape[1] * stateShape[2]);
        var allocator = OrtAllocator.DefaultInstance;

        token = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Int64, [1]);
        logits = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, [1, vocabularySize]);
        tokenData = (long*)Address(token.GetTensorMutableDataAsSpan<long>());
        logitsData = (float*)Address(logits.GetTensorMutableDataAsSpan<float>());
        for (var k = 0; k < 2; k++)
        {
            hidden[k] = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, stateShape);
            cell[k] = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, stateShape);
            hiddenData[k] = (float*)Address(hidden[k].GetTensorMutableDataAsSpan<float>());
            cellData[k] = (float*)Address(cell[k].GetTensorMutableDataAsSpan<float>());
        }

        for (var k = 0; k < 2; k++)
        {
            var binding = session.CreateIoBinding();
            binding.BindInput(GraphContract.Token, token);
            binding.BindInput(GraphContract.Hidden, hidden[k]);
            binding.BindInput(GraphContract.Cell, cell[k]);
            binding.BindOutput(GraphContract.Logits, logits);
            binding.BindOutput(GraphContract.HiddenOut, hidden[1 - k]);
            binding.BindOutput(GraphContract.CellOut, cell[1 - k]);
            bindings[k] = binding;
        }

        Clear();
    }

    public Span<float> Logits => new(logitsData, vocabularySize);

    public Span<float> Hidden => new(hiddenData[current], stateSize);

    public Span<float> Cell => new(cellData[current], stateSize);

    /// <summary>The OrtValues holding the current state, for feeding the sequence graph without a copy.</summary>
    public (OrtValue Hidden, OrtValue Cell) CurrentState => (hidden[current], cell[current]);

    public void Step(int tokenId)
    {
        *tokenData = tokenId;
        session.RunWithBinding(runOptions, bindings[current]);
        current ^= 1;
    }

    /// <summary>Zero state and logits: native buffers start with whatever was in memory.</summary>
    public void Clear()
    {
        Hidden.Clear();
        Cell.Clear();
        Logits.Clear();
    }

    private static void* Address<T>(Span<T> span) where T : unmanaged
    {
        fixed (T* pointer = span)
        {
            return pointer;
        }
    }

    public void Dispose()
    {
        foreach (var binding in bindings)
        {
            binding.Dispose();
        }

        foreach (var value in hidden.Concat(cell).Append(token).Append(logits))
        {
            value.Dispose();
        }

        runOptions.Dispose();
    }
}
