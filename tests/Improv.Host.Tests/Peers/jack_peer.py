#!/usr/bin/python3
"""An independent JACK client (Debian python3-jack-client, run with /usr/bin/python3) with several MIDI outputs, where
RtMidi (midi_peer.py) gives one port per client.

Modes:
  sources N        own client "improv-jack-sources" with N outputs src1..srcN; print READY, then every 50 ms output i
                   writes note-on 0x90 (59+i) 100 and its note-off, until a line on stdin
"""
import sys

import jack


def sources(count):
    count = int(count)
    client = jack.Client("improv-jack-sources", no_start_server=True)
    ports = [client.midi_outports.register(f"src{i}") for i in range(1, count + 1)]
    period = int(client.samplerate * 0.05)
    state = {"frames": 0}

    @client.set_process_callback
    def process(frames):
        due = state["frames"] % period < frames
        for i, port in enumerate(ports, start=1):
            port.clear_buffer()
            if due:
                port.write_midi_event(0, bytes([0x90, 59 + i, 100]))
                port.write_midi_event(frames - 1, bytes([0x80, 59 + i, 0]))
        state["frames"] += frames

    client.activate()
    print("READY", flush=True)
    sys.stdin.readline()
    client.deactivate()
    client.close()


if __name__ == "__main__":
    {"sources": sources}[sys.argv[1]](*sys.argv[2:])
