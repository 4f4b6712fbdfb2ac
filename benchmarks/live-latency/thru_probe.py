#!/usr/bin/python3
"""Thru as JACK sees it: an independent JACK client (Debian python3-jack-client) plays a note every 20 ms, each at a
random frame offset of its cycle, into a daemon in Thru mode, and notes the JACK frame of each note and of its echo.
Prints (and writes OUT.json) how many periods the echo took: 1 means it left in the next cycle, within one period of
the input. Started by benchmarks/live-latency/run, which owns jackd and the daemon.

usage: thru_probe.py NOTES OUT_PREFIX
"""
import json
import random
import sys
import threading

import jack


def main(notes, out_prefix):
    notes = int(notes)
    client = jack.Client("improv-thru-probe", no_start_server=True)
    out = client.midi_outports.register("out")
    inp = client.midi_inports.register("in")
    rng = random.Random(2026)
    every = int(client.samplerate * 0.02)
    state = {"next": None, "key": 0, "sent": {}, "echo": {}, "frames": 0}
    done = threading.Event()

    @client.set_process_callback
    def process(frames):
        start = client.last_frame_time
        out.clear_buffer()
        for offset, buffer in inp.incoming_midi_events():
            data = bytes(buffer)  # indexing the cffi buffer itself gives bytes, not ints
            if len(data) == 3 and data[0] == 0x90 and data[1] in state["sent"] and data[1] not in state["echo"]:
                state["echo"][data[1]] = start + offset
        if state["next"] is None:
            state["next"] = start + every
        if start <= state["next"] < start + frames and state["key"] < notes:
            offset = rng.randrange(frames)
            key = state["key"] % 128
            if key in state["sent"]:
                # Keys are reused every 128 notes: the last round's must be settled first.
                state["sent"].clear()
                state["echo"].clear()
            out.write_midi_event(offset, bytes([0x90, key, 64]))
            out.write_midi_event(frames - 1, bytes([0x80, key, 0]))
            state["sent"][key] = start + offset
            state["key"] += 1
            state["next"] += every
        if state["key"] >= notes and state["frames"] > 0 and start - state["frames"] > client.samplerate:
            done.set()
        if state["key"] >= notes and state["frames"] == 0:
            state["frames"] = start
        # Echoes of the round so far, in periods (sent and echoed frames are both JACK frames).
        for key, sent in list(state["sent"].items()):
            if key in state["echo"]:
                state.setdefault("periods", []).append((state["echo"][key] - sent) / frames)
                del state["sent"][key]
                del state["echo"][key]

    client.activate()
    client.connect(out, [p.name for p in client.get_ports(is_midi=True, is_input=True) if ":Improv In" in p.name][0])
    client.connect([p.name for p in client.get_ports(is_midi=True, is_output=True) if ":Improv Out" in p.name][0], inp)
    done.wait(timeout=notes * 0.02 * 5 + 30)
    client.deactivate()
    periods = sorted(state.get("periods", []))
    period_frames = client.blocksize
    result = {
        "notes": notes, "echoed": len(periods), "period_frames": period_frames,
        "within_one_period": sum(p <= 1 for p in periods), "within_two_periods": sum(p <= 2 for p in periods),
        "echo_periods_p50": periods[len(periods) // 2] if periods else None,
        "echo_periods_p99": periods[min(len(periods) - 1, int(len(periods) * 0.99))] if periods else None,
        "echo_periods_max": periods[-1] if periods else None,
    }
    client.close()
    with open(out_prefix + ".json", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(*sys.argv[1:])
