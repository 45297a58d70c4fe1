#!/usr/bin/env bash
# Checks or restarts the local Docker engine the tests use.
#   answers   exits 0 when a container that does nothing is created, started and removed within 60 s
#   restart   stops dockerd (SIGTERM, then SIGKILL after 60 s, as systemd does), starts it with scripts/test-env.sh
#             and removes the containers Gofer's tests left (label gofer.instance)
# Docker 20.10, Debian 12's engine, can deadlock in its network teardown when many containers end at once
# (moby/moby#46661, docs/schedulers.md): `answers` then fails, and only a restart ends it.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  answers)
    timeout 60 docker run --rm busybox:latest true >/dev/null 2>&1
    ;;
  restart)
    pkill -TERM -x dockerd || true
    for _ in $(seq 1 120); do pgrep -x dockerd >/dev/null || break; sleep 0.5; done
    if pgrep -x dockerd >/dev/null; then
      echo "docker-engine: dockerd still running 60 s after SIGTERM; sending SIGKILL"
      pkill -KILL -x dockerd || true
      for _ in $(seq 1 60); do pgrep -x dockerd >/dev/null || break; sleep 0.5; done
    fi
    bash scripts/test-env.sh
    ids=$(timeout 60 docker ps -aq --filter label=gofer.instance || true)
    if [ -n "$ids" ]; then
      # shellcheck disable=SC2086
      timeout 300 docker rm -f $ids >/dev/null || echo "docker-engine: some containers could not be removed" >&2
    fi
    ;;
  *)
    echo "usage: $0 answers|restart" >&2
    exit 2
    ;;
esac
