#!/usr/bin/env bash
# The whole test suite, as CI runs it: bring up a Docker engine and the local test images
# (installing them on a fresh Debian machine), then build and test every module.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-env.sh
exec mvn -B verify "$@"
