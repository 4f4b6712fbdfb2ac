#!/usr/bin/python3
"""The player of the live latency benchmark: an independent JACK MIDI client (Debian python3-rtmidi) that plays
calls into a running `improv run` (call and response), waits for each answer, and then reads the daemon's exact
latency samples from /latency-samples. Started by benchmarks/live-latency/run, which owns jackd and the daemon.

usage: player.py METRICS_URL SILENCE_MS EVENTS OUT_PREFIX DAEMON_PID
Prints a table and writes OUT_PREFIX.json and OUT_PREFIX.md. DAEMON_PID is read for the daemon's CPU time, because
on a stage laptop a daemon that keeps a core busy takes it from the synthesizer or DAW beside it.
"""
import json
import os
import random
import sys
import threading
import time
import urllib.request

import rtmidi

API = rtmidi.API_UNIX_JACK
NOTE_EVERY = 0.020   # a note-on every 20 ms ...
NOTE_LENGTH = 0.030  # ... held 30 ms: overlapping notes, about 100 events a second
CALL_NOTES = 50      # 100 events, one second per call
LISTEN = 0.7         # seconds of the answer heard before the next call cuts in
ANSWER_TIMEOUT = 10.0


def port(device, part):
    for i, name in enumerate(device.get_ports()):
        if part.lower() in name.lower():
            return i
    sys.exit(f"player: no JACK port matching {part!r} in {device.get_ports()}")


class Listener:
    """Polls the input from its own thread (RtMidi's JACK callback drops under load, see PLATFORM.md)."""

    def __init__(self, inp):
        self.inp = inp
        self.note_ons = []  # perf_counter times of Improv's note-ons
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            message = self.inp.get_message()
            if message is None:
                time.sleep(0.0002)
                continue
            self.heard(message[0])

    def heard(self, data):
        if len(data) == 3 and data[0] & 0xF0 == 0x90 and data[2] > 0:
            self.note_ons.append(time.perf_counter())

    def first_after(self, moment, timeout):
        """The first note-on received at or after `moment` (note-ons are appended in time order), or None."""
        deadline = time.perf_counter() + timeout
        while True:
            later = [t for t in self.note_ons[-64:] if t >= moment]
            if later:
                return later[0]
            if time.perf_counter() >= deadline:
                return None
            time.sleep(0.0005)


def sleep_until(moment):
    while True:
        left = moment - time.perf_counter()
        if left <= 0:
            return
        time.sleep(left - 0.0005 if left > 0.002 else 0)


def play_call(out, rng):
    """One call: CALL_NOTES overlapping notes from a C major random walk. Returns (events sent, time of the last send)."""
    scale = [0, 2, 4, 5, 7, 9, 11]
    degree = 14
    start = time.perf_counter() + 0.002
    events = []
    for n in range(CALL_NOTES):
        degree = max(7, min(24, degree + rng.choice([-2, -1, 1, 2])))
        key = 12 * (degree // 7) + scale[degree % 7] + 36
        events.append((start + n * NOTE_EVERY, [0x90, key, rng.randint(50, 110)]))
        events.append((start + n * NOTE_EVERY + NOTE_LENGTH, [0x80, key, 0]))
    events.sort(key=lambda e: e[0])
    last = start
    for moment, message in events:
        sleep_until(moment)
        out.send_message(message)
        last = time.perf_counter()
    return len(events), last


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def stats(values):
    ordered = sorted(values)
    if not ordered:
        return {"count": 0}

    def rank(q):  # nearest rank: the smallest value with at least q of the samples at or below it
        return ordered[max(0, min(len(ordered) - 1, -(-int(q * 1000) * len(ordered) // 1000) - 1))]

    return {"count": len(ordered), "p50": rank(0.5), "p99": rank(0.99), "max": ordered[-1]}


def cpu_seconds(pid):
    """User + system CPU time of a process so far, from /proc/PID/stat (fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(metrics_url, silence_ms, target_events, out_prefix, daemon_pid):
    silence = int(silence_ms) / 1000
    target = int(target_events)
    rng = random.Random(2026)
    inp = rtmidi.MidiIn(rtapi=API, name="improv-latency-player-in", queue_size_limit=65536)
    inp.open_port(port(inp, ":Improv Out"), name="in")
    out = rtmidi.MidiOut(rtapi=API, name="improv-latency-player-out")
    out.open_port(port(out, ":Improv In"), name="out")
    time.sleep(0.5)  # JACK makes both connections
    listener = Listener(inp)
    load_start = os.getloadavg()

    # One call first, not counted: the daemon's first notes pay for JIT and thread start-up.
    play_call(out, rng)
    listener.first_after(time.perf_counter(), silence + ANSWER_TIMEOUT)
    time.sleep(LISTEN)
    before = json.loads(fetch(metrics_url + "/latency-samples"))

    sent = 0
    beyond_silence = []
    unanswered = 0
    began = time.perf_counter()
    cpu_began = cpu_seconds(daemon_pid)
    while sent < target:
        count, last = play_call(out, rng)
        sent += count
        first = listener.first_after(last, silence + ANSWER_TIMEOUT)
        if first is None:
            unanswered += 1
            continue
        beyond_silence.append(first - last - silence)
        sleep_until(first + LISTEN)
    elapsed = time.perf_counter() - began
    cpu_share = (cpu_seconds(daemon_pid) - cpu_began) / elapsed
    time.sleep(0.5)  # the last answer's notes and the handling of the last events are recorded
    after = json.loads(fetch(metrics_url + "/latency-samples"))
    listener.stop.set()
    load_end = os.getloadavg()
    metrics = fetch(metrics_url + "/metrics")

    handling = after["input_handling_seconds"][len(before["input_handling_seconds"]):]
    timing = after["output_timing_error_seconds"][len(before["output_timing_error_seconds"]):]
    dropped = [line for line in metrics.splitlines() if line.startswith("improv_events_dropped_total") and not line.endswith(" 0")]
    result = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_average_start": load_start,
        "load_average_end": load_end,
        "cpus": os.cpu_count(),
        "settings": {
            "mode": "CallAndResponse", "silence_ms": int(silence_ms), "events_played": sent, "calls": len(beyond_silence) + unanswered,
            "note_every_ms": NOTE_EVERY * 1000, "note_length_ms": NOTE_LENGTH * 1000, "seconds": round(elapsed, 1),
            "jack": "dummy back end, 48 kHz, 64-frame period (1.33 ms), jackd -r -S (no real-time priority)",
        },
        "note_in_to_state_updated": stats(handling) | {"source": "daemon, exact: receive (polled off the port) -> handled, LSTM steps included"},
        "end_of_call_to_first_answer_beyond_silence": stats(beyond_silence) | {
            "unanswered": unanswered,
            "source": "player, exact: last note-off sent -> first answer note-on received, minus the silence setting; "
                      "includes two JACK crossings and any rest the model chose before its first note"},
        "output_timing_error": stats(timing) | {"source": "daemon, exact: sent - due, per note-on/off Improv played"},
        "samples_recorded": {"input_handling": after["input_handling_recorded"], "output_timing_error": after["output_timing_error_recorded"]},
        "daemon_cpu_share_of_one_core": round(cpu_share, 4),
        "dropped": dropped,
    }
    with open(out_prefix + ".json", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    def ms(value):
        return f"{value * 1000:.3f}"

    rows = [
        ("note in -> state updated (daemon)", result["note_in_to_state_updated"], "1 ms"),
        ("end of call -> first answer note, beyond the silence (player)", result["end_of_call_to_first_answer_beyond_silence"], "-"),
        ("output timing error, sent - due (daemon)", result["output_timing_error"], "1 ms"),
    ]
    lines = [
        f"Live latency, {result['measured_at']}: {sent} events in {len(beyond_silence) + unanswered} calls over {elapsed:.0f} s, "
        f"silence {silence_ms} ms, {unanswered} unanswered; load average {load_start[0]:.2f} at start, {load_end[0]:.2f} at end "
        f"({os.cpu_count()} CPUs)",
        "",
        "| path | samples | p50 (ms) | p99 (ms) | max (ms) | target p99 |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, s, target_p99 in rows:
        if s["count"] == 0:
            lines.append(f"| {name} | 0 | - | - | - | {target_p99} |")
        else:
            lines.append(f"| {name} | {s['count']} | {ms(s['p50'])} | {ms(s['p99'])} | {ms(s['max'])} | {target_p99} |")
    lines.append("")
    lines.append(f"daemon CPU while playing: {cpu_share * 100:.1f} % of one core (user + system)")
    lines.append("drops: " + (", ".join(dropped) if dropped else "none"))
    table = "\n".join(lines) + "\n"
    with open(out_prefix + ".md", "w") as f:
        f.write(table)
    print(table, end="")
    close_output(out)


def close_output(out):
    """Closes a JACK output before the process frees it.

    python3-rtmidi's own RtMidi frees a JACK output's buffers while its callback may be mid-cycle (a SIGSEGV at exit now
    and then): close the port first, so every later cycle finds none, and let the running one end.
    """
    out.close_port()
    time.sleep(0.05)


if __name__ == "__main__":
    main(*sys.argv[1:])
