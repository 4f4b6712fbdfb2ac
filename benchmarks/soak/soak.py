#!/usr/bin/python3
"""The player of the soak benchmark: an independent JACK MIDI client (Debian python3-rtmidi) that plays RATE events a
second into a running `improv run` for MINUTES, scrapes /metrics and the daemon's resident memory every 5 s, and
checks every event for loss, duplication and order. Started by benchmarks/soak/run, which owns jackd and the daemon.

usage: soak.py METRICS_URL MODE MINUTES RATE SILENCE_MS OUT_PREFIX DAEMON_PID

Every played event carries its own number: event 2p is a note-on and 2p+1 its note-off, with p spread over channel,
velocity and key (16 x 127 x 128 pairs before the numbers repeat, over 8 minutes at 1,000 events/s), so whatever
comes back (Thru's echo) or was recorded names the event it is. In CallAndResponse the player plays calls of
CALL_SECONDS at RATE, waits for the answer's first note and listens LISTEN seconds before the next call cuts in;
there nothing echoes the player, so loss shows as played minus the daemon's improv_events_in_total, and the answers
are checked for a note-off per note-on.
"""
import json
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "live-latency"))
import player  # noqa: E402
from player import API, cpu_seconds, fetch, port, sleep_until, stats  # noqa: E402

import collections  # noqa: E402

import jack  # noqa: E402
import rtmidi  # noqa: E402

SCRAPE_EVERY = 5.0
CALL_SECONDS = 5.0
LISTEN = 1.0
ANSWER_TIMEOUT = 10.0
PAIRS_PER_CHANNEL = 127 * 128
CYCLE = 2 * 16 * PAIRS_PER_CHANNEL  # event numbers repeat after this many


def encode(number):
    """The MIDI message that carries event `number`."""
    pair, off = divmod(number, 2)
    channel, rest = divmod(pair % (16 * PAIRS_PER_CHANNEL), PAIRS_PER_CHANNEL)
    velocity, key = divmod(rest, 128)
    return [(0x80 if off else 0x90) | channel, key, velocity + 1]


def decode(message):
    """The event number (modulo CYCLE) a message carries, or None for anything the player did not send."""
    if len(message) != 3 or message[0] & 0xF0 not in (0x80, 0x90) or message[2] == 0:
        return None
    channel = message[0] & 0x0F
    pair = channel * PAIRS_PER_CHANNEL + (message[2] - 1) * 128 + message[1]
    return 2 * pair + (1 if message[0] & 0xF0 == 0x80 else 0)


class Sequence:
    """Counts events seen twice and events seen after a later one; what was never seen is lost."""

    def __init__(self, capacity):
        self.seen = bytearray(capacity)
        self.highest = -1
        self.unique = 0
        self.duplicated = 0
        self.reordered = 0
        self.foreign = 0

    def add(self, message):
        number = decode(message)
        if number is None:
            self.foreign += 1
            return
        # The absolute number nearest the highest seen so far with this residue.
        base = max(self.highest, 0)
        delta = (number - base) % CYCLE
        absolute = base + delta if delta < CYCLE // 2 else base + delta - CYCLE
        if not 0 <= absolute < len(self.seen):
            self.foreign += 1
            return
        if self.seen[absolute]:
            self.duplicated += 1
            return
        self.seen[absolute] = 1
        self.unique += 1
        if absolute < self.highest:
            self.reordered += 1
        self.highest = max(self.highest, absolute)

    def report(self, sent):
        return {"sent": sent, "received": self.unique, "lost": sent - self.unique, "duplicated": self.duplicated,
                "reordered": self.reordered, "not_the_players": self.foreign}


class Listener(player.Listener):
    """The live benchmark's polling listener; in Thru it checks the echo, otherwise it counts Improv's notes."""

    def __init__(self, inp, capacity, mode):
        self.mode = mode
        self.sequence = Sequence(capacity)
        self.note_offs = 0
        self.last_note_on = 0.0
        super().__init__(inp)

    def heard(self, data):
        if self.mode == "Thru":
            self.sequence.add(data)
        elif len(data) == 3 and data[0] & 0xF0 == 0x90 and data[2] > 0:
            self.note_ons.append(time.perf_counter())
            self.last_note_on = self.note_ons[-1]
        elif len(data) == 3 and data[0] & 0xF0 in (0x80, 0x90):
            self.note_offs += 1


def resident_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"^VmRSS:\s+(\d+)", f.read(), re.M).group(1))


def samples(scrape, name):
    """{labels: value} of every sample of metric `name` in a Prometheus text scrape."""
    found = {}
    for line in scrape.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            head, value = line.rsplit(" ", 1)
            found[head[len(name):]] = float(value)
    return found


class Scraper:
    """Every SCRAPE_EVERY seconds: /metrics and VmRSS, kept as rows."""

    def __init__(self, metrics_url, pid):
        self.metrics_url = metrics_url
        self.pid = pid
        self.rows = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def scrape(self):
        began = time.perf_counter()
        text = fetch(self.metrics_url + "/metrics")
        self.rows.append({
            "seconds": round(began - self.start, 1),
            "rss_kb": resident_kb(self.pid),
            "scrape_ms": round((time.perf_counter() - began) * 1000, 1),
            "events_in": sum(samples(text, "improv_events_in_total").values()),
            "events_out": sum(samples(text, "improv_events_out_total").values()),
            "dropped": {k: v for k, v in samples(text, "improv_events_dropped_total").items() if v},
            "gc": {re.search(r'gc_heap_generation="(\w+)"', k).group(1): v for k, v in samples(text, "dotnet_gc_collections_total").items()},
            "gc_heap_bytes": sum(samples(text, "dotnet_gc_last_collection_heap_size_bytes").values()),
            "notes_sounding": sum(samples(text, "improv_notes_sounding").values()),
            # Improv's own JACK client only (Improv:Midi:Backend=Jack); 0 on RtMidi's.
            "jack_xruns": sum(samples(text, "improv_jack_xruns_total").values()),
            "jack_late_events": sum(samples(text, "improv_jack_late_events_total").values()),
            "jack_callback_worst_seconds": sum(samples(text, "improv_jack_callback_worst_seconds").values()),
            "jack_dsp_load_percent": sum(samples(text, "improv_jack_dsp_load_percent").values()),
        })

    def begin(self):
        self.start = time.perf_counter()
        self.scrape()
        self.thread.start()

    def run(self):
        while not self.stop.wait(SCRAPE_EVERY - (time.perf_counter() - self.start) % SCRAPE_EVERY):
            self.scrape()


BATCH = 8  # at most this many events at once: RtMidi 5.0's JACK output crashes (NULL event) past one cycle's buffer


def play(out, first, count, rate):
    """Sends events first .. first+count-1 at `rate` a second, in batches of whatever is due (sleeping between).
    A player preempted for a while does not catch up in one burst: it sends BATCH, then waits a millisecond."""
    start = time.perf_counter() + 0.002
    sent = 0
    while sent < count:
        due = min(count, int((time.perf_counter() - start) * rate) + 1, sent + BATCH)
        while sent < due:
            out.send_message(encode(first + sent))
            sent += 1
        behind = start + sent / rate < time.perf_counter()
        sleep_until(time.perf_counter() + 0.001 if behind else start + sent / rate)
    return time.perf_counter()


class JackSender:
    """The player's output as a JACK client of its own (python3-jack-client), with RtMidi's send_message. RtMidi 5.0's
    JACK output crashes (NULL event) when more is queued than one cycle's buffer holds, which a player preempted on a
    busy machine causes (a 10-minute soak died so at load 18); this one writes what fits and keeps the rest, in order,
    for the next cycle."""

    def __init__(self, part):
        self.queue = collections.deque()
        self.client = jack.Client("improv-soak-out", no_start_server=True)
        self.port = self.client.midi_outports.register("out")
        self.client.set_process_callback(self.process)
        self.client.activate()
        targets = [p.name for p in self.client.get_ports(is_midi=True, is_input=True) if part.lower() in p.name.lower()]
        if not targets:
            sys.exit(f"no MIDI input port matching {part!r}")
        self.client.connect(self.port, targets[0])

    def process(self, frames):
        self.port.clear_buffer()
        while self.queue:
            try:
                self.port.write_midi_event(0, self.queue[0])
            except jack.JackError:
                return  # the buffer is full: the rest leaves next cycle
            self.queue.popleft()

    def send_message(self, message):
        self.queue.append(bytes(message))


def main_play(metrics_url, mode, minutes, rate, silence_ms, out_prefix, pid):
    minutes, rate, silence, pid = float(minutes), int(rate), int(silence_ms) / 1000, int(pid)
    seconds = minutes * 60
    capacity = int(seconds * rate) + rate
    inp = rtmidi.MidiIn(rtapi=API, name="improv-soak-in", queue_size_limit=65536)
    inp.ignore_types(sysex=False, timing=False, active_sense=False)
    inp.open_port(port(inp, ":Improv Out"), name="in")
    out = JackSender(":Improv In")
    time.sleep(0.5)  # JACK makes both connections
    listener = Listener(inp, capacity, mode)
    scraper = Scraper(metrics_url, pid)
    load_start = os.getloadavg()
    scraper.begin()
    cpu_began = cpu_seconds(pid)
    began = time.perf_counter()
    sent = 0
    calls = answered = 0
    while time.perf_counter() - began < seconds:
        if mode == "Thru":
            count = min(rate, capacity - sent)  # one second at a time
            play(out, sent, count, rate)
            sent += count
            continue
        count = min(int(CALL_SECONDS * rate), capacity - sent)
        last = play(out, sent, count, rate)
        sent += count
        calls += 1
        deadline = last + silence + ANSWER_TIMEOUT
        while listener.last_note_on < last and time.perf_counter() < deadline:
            time.sleep(0.001)
        if listener.last_note_on >= last:
            answered += 1
            sleep_until(time.perf_counter() + LISTEN)
    elapsed = time.perf_counter() - began
    cpu_share = (cpu_seconds(pid) - cpu_began) / elapsed
    time.sleep(2.0)  # the last echoes or answer notes arrive and are counted
    scraper.stop.set()
    scraper.thread.join()
    scraper.scrape()
    listener.stop.set()
    listener.thread.join()
    load_end = os.getloadavg()
    latency = json.loads(fetch(metrics_url + "/latency-samples"))

    first, final = scraper.rows[0], scraper.rows[-1]
    gc = {k: final["gc"].get(k, 0) - first["gc"].get(k, 0) for k in final["gc"]}
    result = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "mode": mode, "rate": rate, "seconds": round(elapsed, 1), "events_played": sent,
        "load_average_start": load_start, "load_average_end": load_end, "cpus": os.cpu_count(),
        "daemon_events_in": final["events_in"] - first["events_in"],
        "daemon_events_out": final["events_out"] - first["events_out"],
        "rss_kb_start": first["rss_kb"], "rss_kb_end": final["rss_kb"],
        "rss_kb_max": max(r["rss_kb"] for r in scraper.rows),
        "gc_collections": gc,
        "dropped": final["dropped"],
        "notes_sounding_end": final["notes_sounding"],
        "daemon_cpu_share_of_one_core": round(cpu_share, 4),
        "input_handling": stats(latency["input_handling_seconds"]) | {"recorded": latency["input_handling_recorded"]},
        "output_timing_error": stats(latency["output_timing_error_seconds"]) | {"recorded": latency["output_timing_error_recorded"]},
        "jack": {
            "xruns_reported": final["jack_xruns"] - first["jack_xruns"],
            "late_events": final["jack_late_events"] - first["jack_late_events"],
            "callback_worst_seconds": final["jack_callback_worst_seconds"],
            "dsp_load_percent_max": max(r["jack_dsp_load_percent"] for r in scraper.rows),
            "dsp_load_percent_median": sorted(r["jack_dsp_load_percent"] for r in scraper.rows)[len(scraper.rows) // 2],
        },
        "scrapes": len(scraper.rows),
        "scrape_ms_max": max(r["scrape_ms"] for r in scraper.rows),
    }
    if mode == "Thru":
        result["echo"] = listener.sequence.report(sent)
    else:
        result["calls"] = calls
        result["answered"] = answered
        result["answer_note_ons"] = len(listener.note_ons)
        result["answer_note_offs"] = listener.note_offs
    with open(out_prefix + ".json", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    with open(out_prefix + ".series.json", "w") as f:
        json.dump(scraper.rows, f)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main_play(*sys.argv[1:])
