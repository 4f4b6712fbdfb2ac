using CsCheck;
using Improv.Host.Midi.Input;
using Improv.Host.Telemetry;

namespace Improv.Host.Tests;

public class MidiStreamParserTests
{
    private static (List<LiveEvent> Events, DropTally Dropped) Parse(params byte[][] packets)
    {
        var dropped = new DropTally();
        var parser = new MidiStreamParser(dropped);
        var events = new List<LiveEvent>();
        foreach (var packet in packets)
        {
            foreach (var b in packet)
            {
                if (parser.Push(b, 7, out var e))
                {
                    events.Add(e);
                }
            }
            parser.EndOfMessage();
        }
        return (events, dropped);
    }

    [Fact]
    public void RandomByteStreams_NeverThrow_AndOnlyYieldWellFormedEvents()
    {
        Gen.Byte.Array[0, 300].Array[1, 8].Sample(packets =>
        {
            var (events, _) = Parse(packets);
            foreach (var e in events)
            {
                Assert.InRange(e.Channel, 0, 15);
                Assert.InRange(e.Data1, 0, 127);
                Assert.InRange(e.Data2, 0, 127);
                Assert.InRange(e.Value, -8192, 16383);
                Assert.False(e.Kind == LiveEventKind.NoteOn && e.Velocity == 0, "a note-on with velocity 0 is a note-off");
            }
        }, iter: 20_000);
    }

    private static readonly Gen<LiveEvent> AnyEvent =
        Gen.Select(Gen.Int[0, 8], Gen.Byte[0, 15], Gen.Byte[0, 127], Gen.Byte[0, 127], Gen.Int[-8192, 8191], Gen.Int[0, 16383],
            (kind, channel, data1, data2, bend, position) => (LiveEventKind)kind switch
            {
                LiveEventKind.NoteOn => new LiveEvent(LiveEventKind.NoteOn, channel, data1, (byte)Math.Max((int)data2, 1), 0, 7),
                LiveEventKind.NoteOff or LiveEventKind.ControlChange => new LiveEvent((LiveEventKind)kind, channel, data1, data2, 0, 7),
                LiveEventKind.PitchBend => new LiveEvent(LiveEventKind.PitchBend, channel, 0, 0, (short)bend, 7),
                LiveEventKind.SongPosition => new LiveEvent(LiveEventKind.SongPosition, 0, 0, 0, (short)position, 7),
                var other => new LiveEvent(other, 0, 0, 0, 0, 7),
            });

    [Fact]
    public void EncodedEvents_ParseBackToThemselves()
    {
        AnyEvent.Array[1, 50].Sample(played =>
        {
            var bytes = new byte[3];
            var packets = played.Select(e => bytes[..e.Encode(bytes)]).ToArray();
            var (events, dropped) = Parse(packets);
            Assert.Equal(played, events);
            Assert.Equal(0, dropped.Total);
        });
    }

    [Fact]
    public void RunningStatus_CarriesTheStatusToFollowingDataBytes()
    {
        var (events, _) = Parse([0x90, 60, 100, 62, 0]);
        Assert.Equal([LiveEvent.NoteOn(0, 60, 100, 7), LiveEvent.NoteOff(0, 62, 7)], events);
    }

    [Fact]
    public void RealTimeBytes_InsideAMessage_ComeOutFirst_AndDoNotBreakIt()
    {
        var (events, _) = Parse([0x91, 0xF8, 64, 0xFA, 90]);
        Assert.Equal([LiveEventKind.Clock, LiveEventKind.Start, LiveEventKind.NoteOn], events.Select(e => e.Kind));
        Assert.Equal(LiveEvent.NoteOn(1, 64, 90, 7), events[2]);
    }

    [Fact]
    public void SysExAndActiveSensing_AreIgnoredAndCounted()
    {
        var (events, dropped) = Parse([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7], [0xFE], [0xB2, 7, 100]);
        Assert.Equal([LiveEvent.ControlChange(2, 7, 100, 7)], events);
        Assert.Equal(1, dropped[DropReason.SysEx]);
        Assert.Equal(1, dropped[DropReason.ActiveSensing]);
        Assert.Equal(2, dropped.Total);
    }

    [Fact]
    public void PartialAndStrayBytes_AreDroppedAndCounted_AndTheNextMessageStillParses()
    {
        var (events, dropped) = Parse([0x90, 60], [100], [0x80, 0x90, 61, 1], [0xF7]);
        Assert.Equal([LiveEvent.NoteOn(0, 61, 1, 7)], events);
        Assert.Equal(2, dropped[DropReason.Partial]); // 90 3C cut by the packet end; 80 cut by 90
        Assert.Equal(2, dropped[DropReason.Malformed]); // 64 with no status; F7 outside SysEx
    }

    [Fact]
    public void PitchBendAndSongPosition_CarryFourteenBitValues()
    {
        var (events, _) = Parse([0xE3, 0x00, 0x40], [0xE3, 0x7F, 0x7F], [0xF2, 0x10, 0x01]);
        Assert.Equal([0, 8191, 0x10 | 1 << 7], events.Select(e => (int)e.Value));
        Assert.Equal(LiveEventKind.SongPosition, events[2].Kind);
    }
}
