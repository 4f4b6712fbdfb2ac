using Improv.Host.Midi.Input;
using Improv.Host.Telemetry;

namespace Improv.Host.Tests;

public class RawMessageRingTests
{
    [Fact]
    public void ProducerAndConsumerThreads_PassEveryMessageInOrder()
    {
        const int count = 50_000;
        var dropped = new DropTally();
        var ring = new RawMessageRing(256, dropped);
        var producer = new Thread(() =>
        {
            Span<byte> bytes = stackalloc byte[3];
            for (var i = 0; i < count;)
            {
                bytes[0] = 0x90;
                bytes[1] = (byte)(i & 0x7F);
                bytes[2] = (byte)(i >> 7 & 0x7F);
                if (ring.TryWrite(i, 0, bytes, 3))
                {
                    i++;
                }
                else
                {
                    Thread.Yield(); // two cores shared with builds: let the consumer run
                }
            }
        });
        producer.Start();
        var next = 0;
        while (next < count)
        {
            if (ring.TryRead(out var message))
            {
                ReadOnlySpan<byte> bytes = message.Bytes;
                Assert.Equal(next, message.ReceivedAt);
                Assert.Equal([0x90, (byte)(next & 0x7F), (byte)(next >> 7 & 0x7F)], bytes[..message.Length].ToArray());
                next++;
            }
            else
            {
                Thread.Yield();
            }
        }
        producer.Join();
        Assert.False(ring.TryRead(out _));
    }

    [Fact]
    public void AFullRing_DropsTheNewMessage_CountsIt_AndNeverBlocks()
    {
        var dropped = new DropTally();
        var ring = new RawMessageRing(64, dropped);
        for (var i = 0; i < 100; i++)
        {
            ring.TryWrite(i, 0, [0xF8], 1);
        }
        Assert.Equal(36, dropped[DropReason.RingOverflow]);
        var read = 0L;
        while (ring.TryRead(out var message))
        {
            Assert.Equal(read++, message.ReceivedAt);
        }
        Assert.Equal(64, read);
    }

    [Fact]
    public void LongMessages_KeepTheirLengthAndFirstBytes()
    {
        var ring = new RawMessageRing(64, new DropTally());
        var sysex = Enumerable.Range(0, 40).Select(i => (byte)(i == 0 ? 0xF0 : i)).ToArray();
        ring.TryWrite(1, 0.5, sysex, sysex.Length);
        Assert.True(ring.TryRead(out var message));
        ReadOnlySpan<byte> bytes = message.Bytes;
        Assert.Equal(40, message.Length);
        Assert.Equal(sysex[..RawBytes.Capacity], bytes.ToArray());
        Assert.Equal(0.5, message.DeltaSeconds);
    }
}
