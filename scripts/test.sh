#!/usr/bin/env bash
# The whole test suite, as CI runs it: bring up a Docker engine and the local test images
# (installing them on a fresh Debian machine), then build and test every module, with Gofer's default
# ports (8080 API, 8081 extensions) held by another listener all along: no test may depend on them being free.
#
# One failure is the engine's, not Gofer's: Docker 20.10 can deadlock in its network teardown (moby/moby#46661).
# When the suite fails and the engine no longer runs a container that does nothing, this says so, restarts the
# engine and runs the whole suite once more; that run's result is the result. Any other failure is final.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-env.sh
suite() { bash scripts/with-ports-held.sh 8080 8081 -- mvn -B verify "$@"; }

set +e
suite "$@"
status=$?
set -e
if [ "$status" -eq 0 ] || bash scripts/docker-engine.sh answers; then
  exit "$status"
fi
echo "test: the suite failed and the Docker engine no longer answers (\`docker run --rm busybox:latest true\`"
echo "test: did not finish within 60 s): the Docker 20.10 network-teardown deadlock. Restarting the engine and"
echo "test: running the whole suite once more; the failures above are the engine's (see DockerEngineGuard's message)."
bash scripts/docker-engine.sh restart
suite "$@"
