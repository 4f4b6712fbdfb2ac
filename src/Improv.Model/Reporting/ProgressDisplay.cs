using Improv.Model.Checkpoints;
using Improv.Model.Training;
using Spectre.Console;

namespace Improv.Model.Reporting;

/// <summary>
/// Shows training progress: a live Spectre.Console bar on a terminal, one plain line per logged step when output
/// is redirected or CI=true (logs stay readable).
/// </summary>
public static class ProgressDisplay
{
    public static bool IsPlain =>
        Console.IsOutputRedirected || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs <paramref name="body"/> with an observer that draws on the console.</summary>
    public static T Run<T>(Func<ITrainingObserver, T> body)
    {
        if (IsPlain)
        {
            return body(new PlainLines(Console.Out));
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => body(new LiveBar(context)));
    }

    internal static string Describe(StepReport r) =>
        $"epoch {r.Epoch + 1} step {r.StepInEpoch}/{r.StepsInEpoch} (total {r.GlobalStep}) loss {r.Loss:F4} " +
        $"lr {r.LearningRate:0.#####} {r.TokensPerSecond:N0} tok/s eta epoch {Clock(r.EpochEta)} run {Clock(r.RunEta)}";

    private static string Clock(TimeSpan t) => $"{(int)t.TotalHours}:{t:mm\\:ss}";

    internal static string Describe(EpochScore s, IReadOnlyList<EpochScore> history) =>
        $"epoch {s.Epoch + 1} done: train NLL {s.TrainNll:F4}, valid NLL {s.ValidNll:F4} nats/token " +
        $"(best {history.Min(h => h.ValidNll):F4})";

    /// <summary>One line per logged step, epoch and save.</summary>
    private sealed class PlainLines(TextWriter output) : ITrainingObserver
    {
        public void EpochStarted(int epoch, int maxEpochs, int steps, int firstStep) =>
            output.WriteLine($"epoch {epoch + 1}/{maxEpochs}: {steps} steps, starting at step {firstStep}");

        public void Stepped(StepReport r) => output.WriteLine(Describe(r));

        public void EpochEnded(EpochScore score, IReadOnlyList<EpochScore> history) => output.WriteLine(Describe(score, history));

        public void Saved(string checkpoint) => output.WriteLine($"saved {checkpoint}");

        public void Note(string message) => output.WriteLine(message);
    }

    /// <summary>One progress bar per epoch; its ETA column is Spectre's estimate from the bar's speed.</summary>
    private sealed class LiveBar(ProgressContext context) : ITrainingObserver
    {
        private ProgressTask? task;

        public void EpochStarted(int epoch, int maxEpochs, int steps, int firstStep)
        {
            task?.StopTask();
            task = context.AddTask($"epoch {epoch + 1}/{maxEpochs}", maxValue: steps);
            task.Value = firstStep;
        }

        public void Stepped(StepReport r)
        {
            if (task is null)
            {
                return;
            }

            task.Value = r.StepInEpoch;
            task.Description = Markup.Escape(Describe(r));
        }

        public void EpochEnded(EpochScore score, IReadOnlyList<EpochScore> history) =>
            AnsiConsole.MarkupLine($"[green]{Markup.Escape(Describe(score, history))}[/]");

        public void Saved(string checkpoint) => AnsiConsole.MarkupLine($"[grey]saved {Markup.Escape(checkpoint)}[/]");

        public void Note(string message) => AnsiConsole.MarkupLine(Markup.Escape(message));
    }
}
