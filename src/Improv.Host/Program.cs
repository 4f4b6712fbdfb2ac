using Microsoft.Extensions.Configuration;

// Placeholder until the daemon issue lands: shows the configuration the daemon will run with.
var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables("IMPROV__")
    .AddCommandLine(args)
    .Build();
foreach (var (key, value) in configuration.AsEnumerable().Where(kv => kv.Value is not null).OrderBy(kv => kv.Key))
{
    Console.WriteLine($"{key} = {value}");
}
Console.WriteLine("improv: live MIDI is not built yet.");
