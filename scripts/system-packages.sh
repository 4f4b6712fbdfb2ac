#!/usr/bin/env bash
# Sourced by scripts/run and scripts/test: installs Debian/Ubuntu packages that are missing, and says so.
# --no-install-recommends keeps jackd2 from pulling in Qt (40 s instead of 10 s).
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "improv: missing ${missing[*]} and no apt-get here; install them with your package manager." >&2
    return 1
  fi
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  echo "improv: installing ${missing[*]} (apt-get, --no-install-recommends) ..."
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "improv: installed ${missing[*]}"
}
