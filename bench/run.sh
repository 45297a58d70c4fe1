#!/usr/bin/env bash
# Gofer against the raw Docker floor: builds the server jar and the benchmarks, runs them all, prints the
# table and writes it to bench/RESULTS.md (with --quick: bench/target/RESULTS-quick.md).
#   bash bench/run.sh                    # full run, about 50 minutes on 2 cores (1-9: 23, of it 6: 13; 10-12: 23; 13-14: 3)
#   bash bench/run.sh --quick            # fewer repetitions and smaller counts, a few minutes
#   bash bench/run.sh --only 1,8         # just some benchmarks (numbers as in the table; 13 = Kubernetes scheduler on a mock)
#   bash bench/run.sh --footprint-runs 300 --no-build
# Needs Java 17, Maven, a Docker engine and the image busybox:latest (scripts/test-env.sh builds it offline).
# Extra Maven flags (e.g. -o for offline) go in MVN_ARGS.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo"

build=1
args=()
for a in "$@"; do
  if [ "$a" = "--no-build" ]; then build=0; else args+=("$a"); fi
done

docker info >/dev/null 2>&1 || { echo "bench: no Docker engine answers; start one (bash scripts/test-env.sh)" >&2; exit 1; }
docker image inspect busybox:latest >/dev/null 2>&1 || { echo "bench: image busybox:latest is missing; bash scripts/test-env.sh builds it" >&2; exit 1; }

if [ "$build" = 1 ]; then
  echo "building cli/target/gofer.jar and the benchmarks..." >&2
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -DskipTests package -pl cli,bench -am >&2
elif [ -n "$(find "$repo" -path "$repo/.git" -prune -o -path '*/target' -prune -o \
    \( -name '*.java' -o -name 'pom.xml' \) -newer "$repo/cli/target/gofer.jar" -print -quit 2>/dev/null)" ]; then
  # the cold start runs ./gofer, which rebuilds a stale jar: under the server the other benchmarks run on
  echo "bench: sources changed since cli/target/gofer.jar was built; ./gofer (cold start) would rebuild it mid-run. Run without --no-build." >&2
  exit 1
fi

exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.gofer.bench.Bench --repo "$repo" "${args[@]}"
