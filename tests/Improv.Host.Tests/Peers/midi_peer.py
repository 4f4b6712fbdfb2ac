#!/usr/bin/python3
"""An independent JACK MIDI client for the Improv daemon tests (Debian python3-rtmidi, run with /usr/bin/python3).

Modes:
  burst SEND_TO LISTEN_TO FILE [N] send every hex line of FILE at once, print what comes back (hex lines);
                                   waits for N messages back (default: as many as sent), then 0.5 s more
  send SEND_TO FILE                send every hex line of FILE, then print SENT
  hold SEND_TO LISTEN_TO KEYS      send note-ons for KEYS, print READY once all came back, then collect
                                   until a line on stdin ("panic": first send CC 123) and print
                                   everything received (hex lines)
  peer SRC SINK                    own virtual ports SRC (sends) and SINK (receives); send a note every
                                   100 ms and print ECHO each time one comes back
  pingpong SEND_TO LISTEN_TO N     send N notes one at a time, print each round trip in seconds
  script SEND_TO LISTEN_TO FILE    follow FILE, one step a line: "send HEX", "sleep SECONDS", "await SECONDS"
                                   (until something new arrives, at most SECONDS), "clock BPM" (send Start, then
                                   MIDI clock at 24 pulses a quarter note until the script ends, each pulse logged),
                                   "loopback" (the listener also hears what the script sends, through JACK, so the
                                   player's own messages arrive with the same JACK timing as Improv's);
                                   listen all along, then print "SECONDS sent HEX" and "SECONDS got HEX" lines in time
                                   order (SECONDS since start)
  synth PORT                       own a virtual input PORT (client "improv-test-synth"), as a synth Improv plays
                                   into; print READY, then each message as it arrives, "SECONDS HEX" (SECONDS on the
                                   system's monotonic clock, the one .NET's Stopwatch reads), until a line on stdin
  keyboard DEVICE ID PORT [KEY]    a keyboard behind a2jmidid: own ports named exactly as a2jmidid names ALSA client ID,
                                   "a2j:DEVICE [ID] (capture): PORT" (sends) and "... (playback): PORT" (receives;
                                   a second client, so JACK names it "a2j-01"); send note KEY (60) every 20 ms and print
                                   "HEARD SECONDS" at the first note that comes back (SECONDS since both ports
                                   exist), then ECHO for each later one, and "KEY N" the first time note N comes back,
                                   until killed
  controller DEVICE ID PORT FILE   a controller keyboard behind a2jmidid (no MIDI input, so no sound of its own): only the
                                   capture port "a2j:DEVICE [ID] (capture): PORT"; waits until something connects to it,
                                   prints "CONNECTED SECONDS" (since the port appeared), then at a line on stdin follows
                                   FILE's "send HEX" and "sleep SECONDS" lines and prints DONE
Port arguments are case-insensitive substrings of JACK port names. Polling, not callbacks: see PLATFORM.md.
"""
import atexit
import subprocess
import sys
import threading
import time

import rtmidi

API = rtmidi.API_UNIX_JACK

# python3-rtmidi 1.4.7 bundles an RtMidi whose JACK output frees its ring buffers while its client still runs: a cycle
# already under way then reads freed memory. Here, closing 40 outputs with notes queued died with SIGSEGV in 2 of 4
# runs, and a peer that dies so at exit fails its test. So outputs live to the end of the process and are closed there
# first, each cycle after the close finds no port and returns, and only then are they freed.
# (Debian's librtmidi6, which Improv uses, waits for the callback in its close and needs none of this.)
_outputs = []


@atexit.register
def _close_outputs():
    time.sleep(0.05)  # what was just sent leaves
    for out in _outputs:
        out.close_port()
    time.sleep(0.05)  # the cycle that read the old port ends
    _outputs.clear()


def open_out(part, client):
    out = rtmidi.MidiOut(rtapi=API, name=client)
    out.open_port(find(out, part), name="out")
    _outputs.append(out)
    return out


def open_in(part, client):
    inp = rtmidi.MidiIn(rtapi=API, name=client, queue_size_limit=65536)
    inp.ignore_types(sysex=False, timing=False, active_sense=False)
    inp.open_port(find(inp, part), name="in")
    return inp


def find(device, part):
    ports = device.get_ports()
    for i, name in enumerate(ports):
        if part.lower() in name.lower():
            return i
    sys.exit(f"no port matching {part!r} in {ports}")


def drain(inp, received):
    while True:
        message = inp.get_message()
        if message is None:
            return
        received.append(bytes(message[0]).hex())


def burst(send_to, listen_to, path, expected=None):
    messages = [bytes.fromhex(line.strip()) for line in open(path) if line.strip()]
    expected = len(messages) if expected is None else int(expected)
    inp = open_in(listen_to, "improv-test-listener")
    out = open_out(send_to, "improv-test-sender")
    time.sleep(0.3)  # let JACK make both connections
    for message in messages:
        out.send_message(list(message))
    received = []
    deadline = time.monotonic() + 10
    while len(received) < expected and time.monotonic() < deadline:
        drain(inp, received)
        time.sleep(0.001)
    time.sleep(0.5)  # anything duplicated would arrive now
    drain(inp, received)
    print("\n".join(received), flush=True)


def send(send_to, path):
    out = open_out(send_to, "improv-test-sender")
    time.sleep(0.3)
    for line in open(path):
        if line.strip():
            out.send_message(list(bytes.fromhex(line.strip())))
    time.sleep(0.3)  # JACK delivers on the next cycles; closing at once could cut them
    print("SENT", flush=True)


def hold(send_to, listen_to, keys):
    keys = [int(k) for k in keys.split(",")]
    inp = open_in(listen_to, "improv-test-listener")
    out = open_out(send_to, "improv-test-sender")
    time.sleep(0.3)
    received = []
    stop = threading.Event()

    def collect():
        while not stop.is_set():
            drain(inp, received)
            time.sleep(0.0005)

    collector = threading.Thread(target=collect)
    collector.start()
    for key in keys:
        out.send_message([0x90, key, 100])
    deadline = time.monotonic() + 10
    while sum(1 for m in list(received) if m.startswith("90")) < len(keys) and time.monotonic() < deadline:
        time.sleep(0.01)
    print("READY", flush=True)
    if sys.stdin.readline().strip() == "panic":
        out.send_message([0xB0, 123, 0])
    time.sleep(0.5)
    stop.set()
    collector.join()
    drain(inp, received)
    print("\n".join(received), flush=True)


def peer(src, sink):
    out = rtmidi.MidiOut(rtapi=API, name="improv-test-peer")
    out.open_virtual_port(src)
    inp = rtmidi.MidiIn(rtapi=API, name="improv-test-peer-sink", queue_size_limit=4096)
    inp.open_virtual_port(sink)
    while True:
        out.send_message([0x90, 60, 100])
        out.send_message([0x80, 60, 0])
        time.sleep(0.1)
        received = []
        drain(inp, received)
        if received:
            print("ECHO", flush=True)


def keyboard(device, client_id, port, key="60"):
    key = int(key)
    out = rtmidi.MidiOut(rtapi=API, name="a2j")
    out.open_virtual_port(f"{device} [{client_id}] (capture): {port}")
    inp = rtmidi.MidiIn(rtapi=API, name="a2j", queue_size_limit=4096)
    inp.open_virtual_port(f"{device} [{client_id}] (playback): {port}")
    appeared = time.monotonic()
    heard = False
    keys = set()
    while True:
        out.send_message([0x90, key, 100])
        out.send_message([0x80, key, 0])
        time.sleep(0.02)
        received = []
        drain(inp, received)
        if received and not heard:
            heard = True
            print(f"HEARD {time.monotonic() - appeared:.3f}", flush=True)
        elif received:
            print("ECHO", flush=True)
        for message in map(bytes.fromhex, received):
            if len(message) == 3 and message[0] & 0xF0 == 0x90 and message[2] > 0 and message[1] not in keys:
                keys.add(message[1])
                print(f"KEY {message[1]}", flush=True)


def controller(device, client_id, port, path):
    import jack  # python3-jack-client: RtMidi cannot say whether anyone listens to a port

    name = f"{device} [{client_id}] (capture): {port}"
    out = rtmidi.MidiOut(rtapi=API, name="a2j")
    out.open_virtual_port(name)
    _outputs.append(out)
    appeared = time.monotonic()
    watch = jack.Client("improv-test-controller-watch", no_start_server=True)
    while not watch.get_all_connections(f"a2j:{name}"):
        time.sleep(0.01)
    print(f"CONNECTED {time.monotonic() - appeared:.3f}", flush=True)
    watch.close()
    sys.stdin.readline()
    for step in (line.split() for line in open(path) if line.strip()):
        if step[0] == "send":
            out.send_message(list(bytes.fromhex(step[1])))
        elif step[0] == "sleep":
            time.sleep(float(step[1]))
    print("DONE", flush=True)


def pingpong(send_to, listen_to, count):
    inp = open_in(listen_to, "improv-test-listener")
    out = open_out(send_to, "improv-test-sender")
    time.sleep(0.3)
    for i in range(int(count)):
        sent = time.perf_counter()
        out.send_message([0x90, i % 128, 100])
        while True:
            message = inp.get_message()
            if message is not None:
                print(f"{time.perf_counter() - sent:.6f}", flush=True)
                break
            if time.perf_counter() - sent > 1:
                print("lost", flush=True)
                break
        time.sleep(0.005)


def synth(port):
    inp = rtmidi.MidiIn(rtapi=API, name="improv-test-synth", queue_size_limit=65536)
    inp.open_virtual_port(port)
    stop = threading.Event()

    def collect():
        while not stop.is_set():
            message = inp.get_message()
            if message is None:
                time.sleep(0.0005)
                continue
            print(f"{time.monotonic():.6f} {bytes(message[0]).hex()}", flush=True)

    collector = threading.Thread(target=collect)
    collector.start()
    print("READY", flush=True)
    sys.stdin.readline()
    stop.set()
    collector.join()


def script(send_to, listen_to, path):
    steps = [line.split() for line in open(path) if line.strip()]
    inp = open_in(listen_to, "improv-test-listener")
    out = open_out(send_to, "improv-test-sender")
    time.sleep(0.3)
    start = time.monotonic()
    log = []
    stop = threading.Event()

    def collect():
        # RtMidi's delta is JACK's own spacing of the messages: chained, it keeps messages read in one burst (after
        # this thread was kept waiting) apart as they arrived; never later than the read itself.
        heard_at = None
        while not stop.is_set():
            message = inp.get_message()
            if message is None:
                time.sleep(0.0005)
                continue
            now = time.monotonic() - start
            heard_at = now if heard_at is None else min(now, heard_at + message[1])
            log.append((heard_at, "got", bytes(message[0]).hex()))

    collector = threading.Thread(target=collect)
    collector.start()
    sending = threading.Lock()  # the script and the clock share one RtMidi output, which is not thread-safe

    def send_now(hex_message):
        with sending:
            log.append((time.monotonic() - start, "sent", hex_message))
            out.send_message(list(bytes.fromhex(hex_message)))

    def clock(bpm):
        # Absolute deadlines, so the pulses keep tempo even when one sleep runs late.
        period = 60.0 / (bpm * 24)
        first = time.monotonic()
        pulse = 0
        while not stop.is_set():
            delay = first + pulse * period - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            send_now("f8")
            pulse += 1

    clocks = []
    for step in steps:
        if step[0] == "send":
            send_now(step[1])
        elif step[0] == "loopback":
            subprocess.run(["jack_connect", "improv-test-sender:out", "improv-test-listener:in"], check=True)
            time.sleep(0.2)
        elif step[0] == "clock":
            send_now("fa")
            clocks.append(threading.Thread(target=clock, args=(float(step[1]),)))
            clocks[-1].start()
        elif step[0] == "sleep":
            time.sleep(float(step[1]))
        elif step[0] == "await":
            seen = sum(1 for entry in list(log) if entry[1] == "got")
            deadline = time.monotonic() + float(step[1])
            while sum(1 for entry in list(log) if entry[1] == "got") == seen and time.monotonic() < deadline:
                time.sleep(0.001)
    stop.set()
    collector.join()
    for ticking in clocks:
        ticking.join()
    # By time alone: the sort is stable, so messages JACK delivered in one cycle (the same time) keep the order they
    # came in. Sorting by the message too put a note-off before the note-on it followed, and a note looked hung.
    for seconds, kind, message in sorted(log, key=lambda entry: entry[0]):
        print(f"{seconds:.6f} {kind} {message}", flush=True)


if __name__ == "__main__":
    {"burst": burst, "send": send, "hold": hold, "peer": peer, "pingpong": pingpong, "script": script,
     "synth": synth, "keyboard": keyboard, "controller": controller}[sys.argv[1]](*sys.argv[2:])
