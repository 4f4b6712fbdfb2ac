using Improv.Host.Midi.Ports;

namespace Improv.Host.Tests.Ports;

/// <summary>Which server a running jackd serves, read from its command line and environment as /proc shows them.</summary>
public sealed class JackServerNameTests
{
    [Theory]
    [InlineData("jackd -r -S -p 128 -d dummy -r 48000 -p 64", "", "default")]
    [InlineData("jackd -n stage -R -P 70 -d alsa -d hw:0", "", "stage")]
    [InlineData("/usr/bin/jackd --name=stage -d dummy", "", "stage")]
    [InlineData("jackd -R -d alsa -n 3", "", "default")]
    [InlineData("jackd -r -d dummy", "JACK_DEFAULT_SERVER=from-env", "from-env")]
    [InlineData("jackd --name stage -d dummy", "JACK_DEFAULT_SERVER=from-env", "stage")]
    public void TheServerName_IsItsNameOption_BeforeTheDriversOptions_ElseItsEnvironment(string commandLine, string environment, string name)
    {
        Assert.Equal(name, JackServer.ServerName(commandLine.Split(' '), environment.Split(' ')));
    }
}
