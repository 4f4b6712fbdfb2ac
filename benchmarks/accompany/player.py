#!/usr/bin/python3
"""The player of the accompany benchmark: an independent JACK MIDI client (Debian python3-rtmidi) that plays test
melodies into a running `improv run --mode Accompany` in real time and records what Improv plays, each message with
the time it arrived here. Started by benchmarks/accompany/run, which owns jackd and the daemon.

usage: player.py FOLDER PAUSE_SECONDS
FOLDER/pieces.json (from `improv-evaluate accompany-live melodies`) lists the pieces; for each, the player writes
FOLDER/NN.session.mid (track "Player": the lead as it really left, track "Improv": what it heard back, as it arrived),
both on the song's clock, and FOLDER/player.json, how late its own sends were.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "live-latency"))
import player  # noqa: E402
from player import API, port, sleep_until  # noqa: E402

import mido  # noqa: E402
import rtmidi  # noqa: E402

TICKS_PER_BEAT = 1920  # at 120 BPM a tick is 0.26 ms: finer than the 1.33 ms JACK period the times are measured through
TEMPO = 500000


class Listener(player.Listener):
    """The live benchmark's polling listener, keeping every message with the time it arrived."""

    def __init__(self, inp):
        self.heard_messages = []  # (perf_counter time, message bytes)
        super().__init__(inp)

    def heard(self, data):
        self.heard_messages.append((time.perf_counter(), data))


def track(name, events):
    """A MIDI track of (seconds, message bytes) events on the song's clock."""
    result = mido.MidiTrack()
    result.append(mido.MetaMessage("track_name", name=name, time=0))
    last = 0
    for seconds, data in sorted(events, key=lambda e: e[0]):
        tick = max(0, round(mido.second2tick(seconds, TICKS_PER_BEAT, TEMPO)))
        result.append(mido.Message.from_bytes(list(data)).copy(time=tick - last))
        last = tick
    return result


def main(folder, pause):
    pieces = json.load(open(os.path.join(folder, "pieces.json")))
    inp = rtmidi.MidiIn(rtapi=API, name="improv-accompany-player-in", queue_size_limit=65536)
    inp.open_port(port(inp, "Improv Out:"), name="in")
    out = rtmidi.MidiOut(rtapi=API, name="improv-accompany-player-out")
    out.open_port(port(out, "Improv In:"), name="out")
    time.sleep(0.5)  # JACK makes both connections
    listener = Listener(inp)
    late = []
    for number, piece in enumerate(pieces, 1):
        lead = piece["lead"]
        events = [(start, [0x90, pitch, velocity]) for start, _, pitch, velocity in lead]
        events += [(end, [0x80, pitch, 0]) for _, end, pitch, _ in lead]
        events.sort(key=lambda e: (e[0], e[1][0] == 0x90))  # a release before a strike at the same moment
        first = min(e[0] for e in events)
        origin = time.perf_counter() + 0.2 - first  # perf_counter time of the song's 0 s
        heard_from = len(listener.heard_messages)
        sent = []  # (seconds on the song's clock when it really left, message): a late send moves the melody, so it is scored as played
        for seconds, message in events:
            sleep_until(origin + seconds)
            out.send_message(message)
            sent.append((time.perf_counter() - origin, message))
            late.append(sent[-1][0] - seconds)
        sleep_until(origin + events[-1][0] + pause)  # Improv stops after the silence setting; its last note-offs arrive
        heard = [(at - origin, data) for at, data in listener.heard_messages[heard_from:] if len(data) == 3 and data[0] & 0xE0 == 0x80]
        session = mido.MidiFile(ticks_per_beat=TICKS_PER_BEAT)
        session.tracks.append(track("Player", sent))
        session.tracks.append(track("Improv", heard))
        session.save(os.path.join(folder, piece["session"]))
        notes = sum(1 for _, data in heard if data[0] & 0xF0 == 0x90 and data[2] > 0)
        print(f"accompany: piece {number} of {len(pieces)} ({piece['song']}): {len(lead)} melody notes played, {notes} Improv notes heard", flush=True)
    listener.stop.set()
    late.sort()
    summary = {"sends": len(late), "late_p50_ms": late[len(late) // 2] * 1000, "late_p99_ms": late[min(len(late) - 1, int(len(late) * 0.99))] * 1000,
               "late_max_ms": late[-1] * 1000}
    with open(os.path.join(folder, "player.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(f"accompany: the player's sends were {summary['late_p50_ms']:.2f} ms late at p50, {summary['late_p99_ms']:.2f} ms at p99")
    player.close_output(out)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
