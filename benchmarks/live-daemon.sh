#!/usr/bin/env bash
# Sourced by the live benchmarks (benchmarks/live-latency/run, benchmarks/soak/run): their own JACK server and the
# built daemon, both stopped by their own pid when the benchmark exits. Run from the repository root.
#   live_daemon_start NAME DAEMON ARGS ...   builds the daemon, starts jackd as server improv-NAME-PID, starts
#                                            `improv run --backend $IMPROV_BACKEND` with ARGS; sets scratch, jackd_pid,
#                                            daemon_pid and metrics_port, and waits until /metrics is served
# IMPROV_BACKEND=Jack (default: Improv's own JACK client) or RtMidiJack (JACK through RtMidi); the players find the
# daemon's ports by ":Improv In" / ":Improv Out", which both back ends' names contain.
# IMPROV_DAEMON=PATH/improv.dll runs that build instead (no build): a long run keeps measuring the code it started with
# while the worktree changes; IMPROV_DAEMON=PATH/improv (no .dll) runs a published archive's own executable.
# daemon_launched holds the daemon's launch time (ns since the epoch), for start-time measures.
# JACK_REALTIME=PRIORITY runs jackd real-time (-R -P PRIORITY), as on a stage machine; without it jackd runs at normal
# priority, and a daemon given Improv:Realtime:RealtimePriority starves its driver thread (late cycles, late output).
source scripts/system-packages.sh
ensure_packages jackd2 librtmidi6 python3-rtmidi python3-jack-client

jackd_pid=""
daemon_pid=""
scratch=""
live_daemon_stop() {
  # The daemon first (it ends its notes, then closes its JACK clients), then the server; both by their own pid.
  [[ -n $daemon_pid ]] && kill -TERM "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
  [[ -n $jackd_pid ]] && kill -TERM "$jackd_pid" 2>/dev/null && wait "$jackd_pid" 2>/dev/null || true
  [[ -n $scratch ]] && rm -rf "$scratch"
}
trap live_daemon_stop EXIT

live_daemon_start() {
  local name=$1
  shift
  local daemon=${IMPROV_DAEMON:-src/Improv.Host/bin/Release/net10.0/linux-x64/improv.dll}
  if [[ -z ${IMPROV_DAEMON:-} ]]; then
    echo "$name: building the daemon (Release) ..."
    dotnet build src/Improv.Host -c Release -v quiet -nologo
  fi
  scratch=$(mktemp -d "/tmp/improv-$name.XXXXXX")

  # A server name of its own, so a developer's or a test run's JACK server is never touched; with the shell's pid,
  # because two runs of one benchmark at once (two sessions on one machine) otherwise share a name: the second jackd
  # fails and its daemon and player join the first one's server, ports and all.
  export JACK_DEFAULT_SERVER="improv-$name-$$" JACK_NO_START_SERVER=1
  local realtime=(-r)
  [[ -n ${JACK_REALTIME:-} ]] && realtime=(-R -P "$JACK_REALTIME")
  jackd "${realtime[@]}" -S -p 128 -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 64 >"$scratch/jackd.log" 2>&1 &
  jackd_pid=$!
  for _ in $(seq 100); do
    jack_lsp >/dev/null 2>&1 && break
    kill -0 "$jackd_pid" 2>/dev/null || { cat "$scratch/jackd.log"; exit 1; }
    sleep 0.1
  done

  metrics_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local launch=(dotnet "$daemon")
  [[ $daemon == *.dll ]] || launch=("$daemon")
  daemon_launched=$(date +%s%N)
  "${launch[@]}" run --backend "${IMPROV_BACKEND:-Jack}" --metrics-port "$metrics_port" \
    --Improv:Recording:Folder="$scratch/recordings" "$@" >"$scratch/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 600); do
    grep -q "Metrics: http://" "$scratch/daemon.log" && break
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$scratch/daemon.log"; exit 1; }
    sleep 0.1
  done
}
