using Improv.Inference.Model;
using Improv.Music.Tokens;
using Microsoft.ML.OnnxRuntime;

namespace Improv.Inference.Step;

/// <summary>
/// The LSTM as a musician's instrument: feed it a token, read the logits of the next one. Feed allocates
/// nothing; WarmUp runs a whole primer through the sequence graph in one call.
/// </summary>
public sealed class StepSession : IDisposable
{
    private static readonly string[] SequenceInputs = [GraphContract.Tokens, GraphContract.Hidden, GraphContract.Cell];
    private static readonly string[] SequenceOutputs = [GraphContract.Logits, GraphContract.HiddenOut, GraphContract.CellOut];

    private readonly ModelPackage model;
    private readonly StepKernel kernel;

    /// <summary>Opens a step engine on a loaded model; several sessions may share one model.</summary>
    public StepSession(ModelPackage model)
    {
        this.model = model;
        var p = model.Hyperparameters;
        kernel = new StepKernel(model.StepGraph, GraphContract.StateShape(p), p.VocabularySize);
    }

    public int VocabularySize => model.Hyperparameters.VocabularySize;

    /// <summary>The token vocabulary the model speaks (v1 or v2), from its checked manifest.</summary>
    public TokenVocabulary Vocabulary => model.Vocabulary;

    /// <summary>Unnormalised scores of the next token, valid until the next Feed, WarmUp or Reset.</summary>
    public ReadOnlySpan<float> Logits => kernel.Logits;

    /// <summary>The LSTM's hidden state h, [layers, 1, hidden] flattened.</summary>
    public ReadOnlySpan<float> Hidden => kernel.Hidden;

    /// <summary>The LSTM's cell state c, [layers, 1, hidden] flattened.</summary>
    public ReadOnlySpan<float> Cell => kernel.Cell;

    /// <summary>Advances the LSTM by one token.</summary>
    public void Feed(int token)
    {
        if ((uint)token >= (uint)VocabularySize)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"token must be 0 to {VocabularySize - 1}");
        }

        kernel.Step(token);
    }

    /// <summary>Back to silence: zero state, zero logits.</summary>
    public void Reset() => kernel.Clear();

    /// <summary>
    /// Runs a primer from the current state in one call of the sequence graph; afterwards the state and
    /// logits are those that feeding each token in turn would give. Allocates: not for the real-time path.
    /// </summary>
    public void WarmUp(ReadOnlySpan<int> primer) => RunSequence(primer, logitsPerPosition: null);

    /// <summary>
    /// Like <see cref="WarmUp"/>, and also returns the logits after each token ([tokens, vocabulary] row-major):
    /// row t scores token t + 1, which is what a negative log-likelihood needs.
    /// </summary>
    public float[] Score(ReadOnlySpan<int> tokens)
    {
        var logits = new float[tokens.Length * VocabularySize];
        RunSequence(tokens, logits);
        return logits;
    }

    private void RunSequence(ReadOnlySpan<int> primer, float[]? logitsPerPosition)
    {
        if (primer.IsEmpty)
        {
            return;
        }

        var tokens = new long[primer.Length];
        for (var i = 0; i < primer.Length; i++)
        {
            if ((uint)primer[i] >= (uint)VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(primer), primer[i], $"token {i} must be 0 to {VocabularySize - 1}");
            }

            tokens[i] = primer[i];
        }

        var (hidden, cell) = kernel.CurrentState;
        using var tokenValue = OrtValue.CreateTensorValueFromMemory(tokens, [tokens.Length]);
        using var runOptions = new RunOptions();
        var sequence = model.SequenceGraph ?? throw new InvalidOperationException(
            $"model {model.Directory} was loaded for stepping only ({nameof(ModelGraphs)}.{nameof(ModelGraphs.StepOnly)}); load it with both graphs to run a primer or score a song in one call");
        using var outputs = sequence.Run(runOptions, SequenceInputs, [tokenValue, hidden, cell], SequenceOutputs);

        var logits = outputs[0].GetTensorDataAsSpan<float>();
        if (logitsPerPosition is not null)
        {
            logits.CopyTo(logitsPerPosition);
        }

        logits[^VocabularySize..].CopyTo(kernel.Logits);
        outputs[1].GetTensorDataAsSpan<float>().CopyTo(kernel.Hidden);
        outputs[2].GetTensorDataAsSpan<float>().CopyTo(kernel.Cell);
    }

    public void Dispose() => kernel.Dispose();
}
