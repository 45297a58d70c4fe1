#!/usr/bin/env bash
# Runs a command while the given TCP ports are held by a listener that is not Gofer, so that a test which
# binds a fixed port (say the default 8080 or 8081) fails here as it would on a machine where another
# program has them. A port that something else already holds is left to it: taken is the point.
# The listeners are stopped when the command ends (or this script is stopped); exits with the command's status.
#
# Usage: scripts/with-ports-held.sh PORT... -- COMMAND [ARG...]
set -euo pipefail

ports=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do ports+=("$1"); shift; done
if [ "${1:-}" != "--" ] || [ $# -lt 2 ]; then
  echo "usage: $0 PORT... -- COMMAND [ARG...]" >&2
  exit 2
fi
shift

holders=()
command_pid=""
cleanup() {
  for pid in "${holders[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
# like `exec`: a signal to this script stops the command too (then the listeners, on EXIT)
trap '[ -z "$command_pid" ] || kill -TERM "$command_pid" 2>/dev/null || true' INT TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for port in "${ports[@]}"; do
  if listening "$port"; then
    echo "ports: $port is already held by another program; the tests must do without it"
    continue
  fi
  if [ ! -x /bin/busybox ]; then
    echo "ports: cannot hold $port (no /bin/busybox; scripts/test-env.sh installs busybox-static)" >&2
    continue
  fi
  # busybox nc listens on every address (IPv4 and IPv6) and closes each connection at once
  /bin/busybox nc -ll -p "$port" -e /bin/true </dev/null >/dev/null 2>&1 &
  holder=$!
  for _ in $(seq 1 50); do
    if listening "$port" || ! kill -0 "$holder" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if kill -0 "$holder" 2>/dev/null && listening "$port"; then
    holders+=("$holder")
    echo "ports: holding $port (pid $holder) while the tests run, so none may depend on it being free"
  else
    kill "$holder" 2>/dev/null || true
    echo "ports: $port was taken by another program as the listener started; the tests must do without it"
  fi
done

"$@" &
command_pid=$!
while :; do
  if wait "$command_pid"; then status=0; else status=$?; fi
  # a trapped signal ends `wait` early (status > 128) while the command still runs: wait for its own status
  if [ "$status" -gt 128 ] && kill -0 "$command_pid" 2>/dev/null; then continue; fi
  break
done
exit "$status"
