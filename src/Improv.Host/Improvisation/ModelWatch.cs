using Improv.Host.Performance;
using Improv.Host.Settings;
using Improv.Inference.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Improvisation;

/// <summary>
/// Watches the model folder while the daemon plays. A changed model is loaded and checked here, off the real-time
/// threads, and offered to the <see cref="Improviser"/>, which swaps it in between notes and hands the model it retired
/// back; this watcher closes that one here, again off the real-time threads. A model that fails its checks is refused
/// with one log line and the old one keeps playing.
/// </summary>
public sealed class ModelWatch(
    IResponder responder,
    IOptions<ImprovisationOptions> options,
    ILogger<ModelWatch> log) : BackgroundService
{
    /// <summary>Files of a model are copied one by one: wait for the folder to stay quiet this long.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (responder is not Improviser improviser)
        {
            return;
        }

        var folder = ModelLocation.Resolve(options.Value.Model);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        var changed = 0L;
        void Touch(object sender, FileSystemEventArgs e) => Interlocked.Exchange(ref changed, DateTime.UtcNow.Ticks);
        watcher.Changed += Touch;
        watcher.Created += Touch;
        watcher.Renamed += Touch;
        watcher.Deleted += Touch;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Settle / 4, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                CloseRetired(improviser);
                var last = Interlocked.Read(ref changed);
                if (last == 0 || DateTime.UtcNow.Ticks - last < Settle.Ticks)
                {
                    continue;
                }

                Interlocked.CompareExchange(ref changed, 0, last);
                Reload(folder, improviser);
            }
        }
        finally
        {
            // The watcher stops after the handling thread (registered before it): no voice plays any more.
            foreach (var held in improviser.Held())
            {
                held.Model.Dispose();
            }
        }
    }

    private void CloseRetired(Improviser improviser)
    {
        if (improviser.TakeRetired() is { } retired)
        {
            retired.Model.Dispose();
            log.LogInformation("The new model plays; the one it replaced is closed");
        }
    }

    private void Reload(string folder, Improviser improviser)
    {
        LoadedModel model;
        try
        {
            model = new LoadedModel(folder);
        }
        catch (Exception e) when (e is ModelRejectedException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Model {Folder} changed but was refused, the old model keeps playing: {Reason}", folder, e.Message);
            return;
        }

        if (options.Value.Role.ProblemWith(model.Vocabulary) is { } problem)
        {
            log.LogWarning("Model {Folder} changed but cannot play {Section}:Style, the old model keeps playing: {Reason}", folder, ImprovisationOptions.Section, problem);
            model.Dispose();
            return;
        }

        var voice = new ModelVoice(model.Session, options.Value.Seed ?? Environment.TickCount, improviser.NowSeconds, options.Value.Role);
        // An earlier offer that never got to play is superseded: close it now.
        improviser.Offer(new PlayingModel(voice, model))?.Model.Dispose();
        log.LogInformation("Model {Folder} changed and passed its checks: it takes over between notes", folder);
    }
}
