using static TorchSharp.torch;

namespace Improv.Model.Training;

/// <summary>
/// One epoch's training windows in their fixed order: a function of (songs, seed, epoch) only, so a resumed run
/// sees exactly the batches the interrupted one would have.
/// </summary>
internal sealed class EpochBatches : IDisposable
{
    // Carry: [batch, lane length] and a step is a column range. Reset: [windows, T + 1] and a step is a row range.
    private readonly Tensor tokens;
    private readonly int window;
    private readonly int batch;

    private EpochBatches(Tensor tokens, int window, int batch, int count, bool carriesState)
    {
        this.tokens = tokens;
        this.window = window;
        this.batch = batch;
        Count = count;
        CarriesState = carriesState;
    }

    public int Count { get; }

    /// <summary>True when row b of step s+1 continues row b of step s, so the LSTM state should flow on.</summary>
    public bool CarriesState { get; }

    public long TokensPerStep => (long)batch * window;

    public static EpochBatches Plan(TrainingConfig config, IReadOnlyList<int[]> songs, int epoch)
    {
        var random = new Random(Seeds.Of(config.Seed, 1, epoch));
        var order = Enumerable.Range(0, songs.Count).ToArray();
        random.Shuffle(order);
        return config.WindowEdge == WindowEdge.Carry
            ? Lanes(config, songs, order)
            : Windows(config, songs, order, random);
    }

    /// <summary>Input and target ([batch, T] int64 each) of one step; the caller's dispose scope owns them.</summary>
    public (Tensor Input, Tensor Target) Step(int step)
    {
        if (CarriesState)
        {
            return (tokens.narrow(1, (long)step * window, window), tokens.narrow(1, (long)step * window + 1, window));
        }

        var rows = tokens.narrow(0, (long)step * batch, batch);
        return (rows.narrow(1, 0, window), rows.narrow(1, 1, window));
    }

    public void Dispose() => tokens.Dispose();

    private static EpochBatches Lanes(TrainingConfig config, IReadOnlyList<int[]> songs, int[] order)
    {
        var stream = order.SelectMany(i => songs[i]).ToArray();
        var lane = (stream.Length - 1) / config.BatchSize;
        var count = (lane - 1) / config.WindowTokens;
        if (count < 1)
        {
            throw new ArgumentException(
                $"{stream.Length} training tokens are too few for batch {config.BatchSize} x window {config.WindowTokens}");
        }

        var layout = new long[config.BatchSize * (long)(count * config.WindowTokens + 1)];
        var width = count * config.WindowTokens + 1;
        for (var b = 0; b < config.BatchSize; b++)
        {
            for (var t = 0; t < width; t++)
            {
                layout[b * width + t] = stream[b * lane + t];
            }
        }

        return new EpochBatches(tensor(layout, new long[] { config.BatchSize, width }), config.WindowTokens,
            config.BatchSize, count, carriesState: true);
    }

    private static EpochBatches Windows(TrainingConfig config, IReadOnlyList<int[]> songs, int[] order, Random random)
    {
        var span = config.WindowTokens + 1;
        var starts = new List<(int Song, int Start)>();
        foreach (var song in order)
        {
            var length = songs[song].Length;
            var offset = length > span + config.WindowTokens ? random.Next(config.WindowTokens) : 0;
            for (var start = offset; start + span <= length; start += config.WindowTokens)
            {
                starts.Add((song, start));
            }
        }

        var windows = starts.ToArray();
        random.Shuffle(windows);
        var count = windows.Length / config.BatchSize;
        if (count < 1)
        {
            throw new ArgumentException(
                $"{windows.Length} windows of {span} tokens are too few for batch {config.BatchSize}");
        }

        var layout = new long[count * config.BatchSize * (long)span];
        for (var w = 0; w < count * config.BatchSize; w++)
        {
            var (song, start) = windows[w];
            for (var t = 0; t < span; t++)
            {
                layout[w * span + t] = songs[song][start + t];
            }
        }

        return new EpochBatches(tensor(layout, new long[] { count * config.BatchSize, span }), config.WindowTokens,
            config.BatchSize, count, carriesState: false);
    }
}
