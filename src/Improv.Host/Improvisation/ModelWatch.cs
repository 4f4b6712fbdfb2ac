using Improv.Inference.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Improv.Host.Improvisation;

/// <summary>
/// Watches the model folder while the daemon plays, however a new model arrives: files copied over it, the folder
/// replaced by rename (as improv-export writes, with or without --force), or deleted and written anew. A changed model is
/// loaded and checked here, off the real-time threads, and offered to the <see cref="Improviser"/>, which swaps it in
/// between notes and hands the model it retired back; this watcher closes that one here, again off the real-time
/// threads. A model that fails its checks is refused with one log line and the old one keeps playing.
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

        var folder = Path.TrimEndingDirectorySeparator(ModelLocation.Resolve(options.Value.Model));
        var name = Path.GetFileName(folder);
        var changed = 0L;
        void Touch() => Interlocked.Exchange(ref changed, DateTime.UtcNow.Ticks);
        // A watcher on the folder itself follows it when it is renamed away, and sees nothing of the one moved into its
        // place: the parent is watched for the folder's name coming and going, and the folder's own watcher is re-armed
        // on whatever folder bears the name before each load.
        using var parent = new FileSystemWatcher(Path.GetDirectoryName(folder)!) { NotifyFilter = NotifyFilters.DirectoryName };
        parent.Created += (_, e) => TouchIf(e.Name == name);
        parent.Deleted += (_, e) => TouchIf(e.Name == name);
        parent.Renamed += (_, e) => TouchIf(e.Name == name || e.OldName == name);
        parent.EnableRaisingEvents = true;
        var inside = WatchInside(folder, Touch);
        var gone = false;
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
                // Armed before the model is read, so a write that comes during the read is seen and read again.
                inside?.Dispose();
                inside = WatchInside(folder, Touch);
                if (inside is null || !File.Exists(Path.Combine(folder, ModelManifest.FileName)))
                {
                    if (!gone)
                    {
                        log.LogWarning("Model {Folder} is gone or has no {Manifest}; the current model plays on until a complete one is there",
                            folder, ModelManifest.FileName);
                    }

                    gone = true;
                    continue;
                }

                gone = false;
                Reload(folder, improviser);
            }
        }
        finally
        {
            inside?.Dispose();
            // The watcher stops after the handling thread (registered before it): no voice plays any more.
            foreach (var held in improviser.Held())
            {
                held.Model.Dispose();
            }
        }

        void TouchIf(bool named)
        {
            if (named)
            {
                Touch();
            }
        }
    }

    /// <summary>A watcher on the files of <paramref name="folder"/> as it is now; null when there is no such folder.</summary>
    private static FileSystemWatcher? WatchInside(string folder, Action touch)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = false };
            watcher.Changed += (_, _) => touch();
            watcher.Created += (_, _) => touch();
            watcher.Renamed += (_, _) => touch();
            watcher.Deleted += (_, _) => touch();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or ArgumentException)
        {
            // Gone again between the check and the watch: the parent's watcher sees it return.
            watcher?.Dispose();
            return null;
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

        if (improviser.Mode.RoleIn(options.Value.Role.Style).ProblemWith(model.Vocabulary) is { } problem)
        {
            log.LogWarning("Model {Folder} changed but cannot play the mode ({Mode}) and {Section}:Style in force, the old model keeps playing: {Reason}",
                folder, improviser.Mode, ImprovisationOptions.Section, problem);
            model.Dispose();
            return;
        }

        var voice = new ModelVoice(model.Session, options.Value.Seed ?? Environment.TickCount, improviser.NowSeconds, options.Value.Role);
        // An earlier offer that never got to play is superseded: close it now.
        improviser.Offer(new PlayingModel(voice, model))?.Model.Dispose();
        log.LogInformation("Model {Folder} changed and passed its checks: it takes over between notes", folder);
    }
}
