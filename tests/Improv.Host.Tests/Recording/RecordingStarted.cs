using Improv.Host.Recording;
using Improv.Host.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Improv.Host.Tests.Recording;

/// <summary>A session recorder as the daemon runs one, started and recording (its journal open) before a test plays.</summary>
internal static class RecordingStarted
{
    public static async Task<SessionRecorder> In(string folder, ImprovMetrics metrics)
    {
        var recorder = new SessionRecorder(Options.Create(new RecordingOptions { Folder = folder }), metrics, NullLogger<SessionRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        while (Directory.GetFiles(folder, "*" + SessionJournal.Extension).Length == 0)
        {
            await Task.Delay(10);
        }

        return recorder;
    }
}
