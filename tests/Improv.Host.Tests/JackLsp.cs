using System.Diagnostics;

namespace Improv.Host.Tests;

/// <summary>jackd2's jack_lsp, as an independent look at a JACK server's ports and connections.</summary>
public static class JackLsp
{
    /// <summary>What jack_lsp prints with <paramref name="arguments"/>, on <paramref name="server"/> (else the current one); never starts a server.</summary>
    public static string Listing(string? server = null, params string[] arguments)
    {
        var info = new ProcessStartInfo("jack_lsp", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (server is not null)
        {
            info.Environment["JACK_DEFAULT_SERVER"] = server;
        }
        info.Environment["JACK_NO_START_SERVER"] = "1";
        using var lsp = Process.Start(info)!;
        var error = lsp.StandardError.ReadToEndAsync();
        var listing = lsp.StandardOutput.ReadToEnd();
        error.Wait();
        lsp.WaitForExit();
        return listing;
    }
}
