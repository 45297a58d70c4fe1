#!/usr/bin/env bash
# The whole test suite, as CI runs it: bring up a Docker engine and the local test images
# (installing them on a fresh Debian machine), then build and test every module, with Gofer's default
# ports (8080 API, 8081 extensions) held by another listener all along: no test may depend on them being free.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-env.sh
exec bash scripts/with-ports-held.sh 8080 8081 -- mvn -B verify "$@"
