using Improv.Host.Realtime;

namespace Improv.Host.Tests;

/// <summary>The receiver's doorbell (a real Linux eventfd): a ring wakes the handler's wait, once, and costs no allocation.</summary>
public sealed class DoorbellTests
{
    [Fact]
    public async Task ARingFromAnotherThreadEndsAWaitThatWouldLastMinutes()
    {
        using var doorbell = new Doorbell();
        using var waiting = new ManualResetEventSlim();
        var rung = Task.Run(() =>
        {
            waiting.Set();
            return doorbell.Wait(300_000_000);
        });
        waiting.Wait();
        doorbell.Ring();

        Assert.True(await rung.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void ARingBeforeTheWaitIsKeptAndAnsweredOnce()
    {
        using var doorbell = new Doorbell();
        doorbell.Ring();
        doorbell.Ring();

        Assert.True(doorbell.Wait(1_000));
        Assert.False(doorbell.Wait(1_000));
    }

    [Fact]
    public void RingingAndWaitingAllocateNothing()
    {
        using var doorbell = new Doorbell();
        doorbell.Ring();
        doorbell.Wait(1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            doorbell.Ring();
            doorbell.Wait(1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
