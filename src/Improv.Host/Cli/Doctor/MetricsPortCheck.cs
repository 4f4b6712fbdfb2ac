using System.Net;
using System.Net.Sockets;
using Improv.Host.Telemetry;

namespace Improv.Host.Cli.Doctor;

/// <summary>The metrics address and port are free to bind: Improv does not start when another program holds them.</summary>
public sealed class MetricsPortCheck : IStageCheck
{
    private const string Name = "Metrics port";

    public IEnumerable<Finding> Run(StageSetup setup)
    {
        var metrics = setup.Metrics;
        var endpoint = $"{metrics.Address}:{metrics.Port}";
        try
        {
            var listener = new TcpListener(IPAddress.Parse(metrics.Address), metrics.Port);
            listener.Start();
            listener.Stop();
            return [Finding.Ok(Name, $"{endpoint} is free: /metrics will be served at http://{endpoint}/metrics")];
        }
        catch (SocketException e)
        {
            var why = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "is taken by another program (another Improv?)",
                SocketError.AddressNotAvailable => "is not an address of this machine",
                SocketError.AccessDenied => "may not be bound by this user",
                _ => $"cannot be bound: {e.Message}",
            };
            return [Finding.Failure(Name, $"{endpoint} ({MetricsOptions.Section}:Address and Port) {why}: Improv would not start",
                "stop the other program (`ss -ltnp | grep :" + metrics.Port + "` names it), or choose another port: --metrics-port N")];
        }
    }
}
