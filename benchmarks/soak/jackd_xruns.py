#!/usr/bin/python3
"""Adds to a soak result what jackd's own log says of its xruns: caused by Improv's client, by another client, or the
dummy driver's timer waking late (a busy machine, no client's fault). usage: jackd_xruns.py JACKD_LOG RESULT_JSON BACKEND"""
import json
import sys

log_path, result_path, backend = sys.argv[1:4]
with open(log_path, errors="replace") as f:
    log = f.read().splitlines()
with open(result_path) as f:
    result = json.load(f)
result["backend"] = backend
result.setdefault("jack", {})["xruns_by_jackd"] = {
    "caused_by_improv": sum("was not finished" in line and "client = Improv" in line for line in log),
    "graph_not_finished": sum("graph not finished" in line for line in log),
    "caused_by_other_clients": sum("was not finished" in line and "client = Improv" not in line for line in log),
    "driver_woke_late": sum("JackTimedDriver::Process XRun" in line for line in log),
}
with open(result_path, "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print(json.dumps(result["jack"], indent=2))
