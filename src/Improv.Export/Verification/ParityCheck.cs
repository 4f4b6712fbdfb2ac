using Improv.Inference.Model;
using Improv.Inference.Step;
using Improv.Model.Network;
using static TorchSharp.torch;

namespace Improv.Export.Verification;

/// <summary>
/// Largest differences found between ONNX Runtime and TorchSharp, and between the two ONNX graphs, each as
/// |diff| / max(1, |value|).
/// </summary>
/// <param name="SequenceState">sequence graph's final state vs the stepped one.</param>
/// <param name="SequenceLogits">sequence graph's logits at every position vs TorchSharp over the whole sequence.</param>
public sealed record ParityReport(int Steps, double StepLogits, double StepState, double SequenceState, double SequenceLogits)
{
    public bool Within(double tolerance) =>
        StepLogits <= tolerance && StepState <= tolerance && SequenceState <= tolerance && SequenceLogits <= tolerance;

    public override string ToString() =>
        $"{Steps} steps: step graph vs TorchSharp max |diff|/max(1,|value|): logits {StepLogits:G3}, state {StepState:G3}; " +
        $"sequence graph: final state vs stepped {SequenceState:G3}, logits per position vs TorchSharp {SequenceLogits:G3}";
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
            logitsDiff = Math.Max(logitsDiff, MaxScaledDiff(logits.data<float>().ToArray(), stepped.Logits));
            stateDiff = Math.Max(stateDiff, Math.Max(MaxScaledDiff(hidden, stepped.Hidden), MaxScaledDiff(cell, stepped.Cell)));
        }

        using var warmed = new StepSession(model);
        var scored = warmed.Score(tokens);
        var sequenceState = Math.Max(MaxScaledDiff(stepped.Hidden, warmed.Hidden), MaxScaledDiff(stepped.Cell, warmed.Cell));
        using var whole = network.call(tensor(tokens.Select(t => (long)t).ToArray(), 1, steps), null).Logits;
        var sequenceLogits = MaxScaledDiff(whole.data<float>().ToArray(), scored);
        return new ParityReport(steps, logitsDiff, stateDiff, sequenceState, sequenceLogits);
    }

    /// <summary>
    /// Largest |a - b| / max(1, |a|): the absolute difference for values within [-1, 1] (all of h, most logits),
    /// the relative one beyond. A cell that integrates over many steps can reach |c| in the hundreds, where one
    /// float32 rounding step is already 3e-5 and the two runtimes' different summation orders legitimately
    /// differ by a few of them; an absolute bound there would fail exact exports.
    /// </summary>
    private static double MaxScaledDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            return double.PositiveInfinity;
        }

        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            // NaN on either side must fail the check, not slip through Math.Max.
            var diff = Math.Abs((double)a[i] - b[i]) / Math.Max(1.0, Math.Abs((double)a[i]));
            max = double.IsNaN(diff) ? double.PositiveInfinity : Math.Max(max, diff);
        }

        return max;
    }
}
