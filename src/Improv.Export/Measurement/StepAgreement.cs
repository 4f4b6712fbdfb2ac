using Improv.Inference.Step;

namespace Improv.Export.Measurement;

/// <summary>
/// How far a step implementation's logits drift from ONNX Runtime's (the daemon's <see cref="StepSession"/>) over
/// random tokens with carried state: the largest |a - b| / max(1, |a|), as the exporter's parity check measures.
/// </summary>
public static class StepAgreement
{
    /// <summary>Largest scaled logit difference a step may show against ONNX Runtime before its time is refused as meaningless.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Both are reset first and left reset afterwards.</summary>
    public static double MaxLogitDifference(StepSession onnx, ISteppable other, int steps, int seed)
    {
        var random = new Random(seed);
        onnx.Reset();
        other.Reset();
        double worst = 0;
        for (var step = 0; step < steps; step++)
        {
            var token = random.Next(onnx.VocabularySize);
            onnx.Feed(token);
            other.Feed(token);
            var expected = onnx.Logits;
            var actual = other.Logits;
            if (expected.Length != actual.Length)
            {
                return double.PositiveInfinity;
            }

            for (var i = 0; i < expected.Length; i++)
            {
                var diff = Math.Abs((double)expected[i] - actual[i]) / Math.Max(1.0, Math.Abs((double)expected[i]));
                // NaN on either side must count as disagreement, not slip through Math.Max.
                worst = double.IsNaN(diff) ? double.PositiveInfinity : Math.Max(worst, diff);
            }
        }

        onnx.Reset();
        other.Reset();
        return worst;
    }
}
