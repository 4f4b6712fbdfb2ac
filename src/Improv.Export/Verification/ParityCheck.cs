using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Model.Network;
using static TorchSharp.torch;

namespace Improv.Export.Verification;

/// <summary>Largest absolute differences found between ONNX Runtime and TorchSharp, and between the two ONNX graphs.</summary>
public sealed record ParityReport(int Steps, double StepLogits, double StepState, double SequenceState, double SequenceLogits)
{
    public bool Within(double tolerance) =>
        StepLogits <= tolerance && StepState <= tolerance && SequenceState <= tolerance && SequenceLogits <= tolerance;

    public override string ToString() =>
        $"{Steps} steps: step graph vs TorchSharp max |diff| logits {StepLogits:G3}, state {StepState:G3}; " +
        $"sequence graph vs stepped final state {SequenceState:G3}, last logits {SequenceLogits:G3}";
}

/// <summary>
/// Runs random tokens with carried state through the loaded model (through <see cref="StepSession"/>, the
/// daemon's own path) and through the TorchSharp network, and measures how far they drift apart.
/// </summary>
public static class ParityCheck
{
    public static ParityReport Measure(MusicLstm network, ModelPackage model, int steps, int seed)
    {
        var p = model.Hyperparameters;
        var random = new Random(seed);
        var tokens = Enumerable.Range(0, steps).Select(_ => random.Next(p.VocabularySize)).ToArray();
        long[] stateShape = [p.Layers, 1, p.HiddenSize];
        var hidden = new float[p.Layers * p.HiddenSize];
        var cell = new float[hidden.Length];

        network.eval();
        using var noGrad = no_grad();
        using var stepped = new StepSession(model);
        double logitsDiff = 0, stateDiff = 0;
        foreach (var token in tokens)
        {
            using var scope = NewDisposeScope();
            var (logits, (h, c)) = network.call(tensor(new long[] { token }, 1, 1), (tensor(hidden, stateShape), tensor(cell, stateShape)));
            hidden = h.data<float>().ToArray();
            cell = c.data<float>().ToArray();

            stepped.Feed(token);
            logitsDiff = Math.Max(logitsDiff, MaxAbsDiff(logits.data<float>().ToArray(), stepped.Logits));
            stateDiff = Math.Max(stateDiff, Math.Max(MaxAbsDiff(hidden, stepped.Hidden), MaxAbsDiff(cell, stepped.Cell)));
        }

        using var warmed = new StepSession(model);
        warmed.WarmUp(tokens);
        var sequenceState = Math.Max(MaxAbsDiff(stepped.Hidden, warmed.Hidden), MaxAbsDiff(stepped.Cell, warmed.Cell));
        var sequenceLogits = MaxAbsDiff(stepped.Logits, warmed.Logits);
        return new ParityReport(steps, logitsDiff, stateDiff, sequenceState, sequenceLogits);
    }

    private static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            return double.PositiveInfinity;
        }

        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            // NaN on either side must fail the check, not slip through Math.Max.
            var diff = Math.Abs((double)a[i] - b[i]);
            max = double.IsNaN(diff) ? double.PositiveInfinity : Math.Max(max, diff);
        }

        return max;
    }
}
