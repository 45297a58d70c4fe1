#!/usr/bin/env bash
# Builds the gofer image from the top-level Dockerfile: the server, the CLI and the standard extensions in one.
#   scripts/build-image.sh [BASE] [TAG]
# BASE: a Java 17+ runtime image with /bin/sh (default eclipse-temurin:17-jre; offline: gofer-test/jre:17 from
# scripts/test-env.sh). TAG: default gofer:latest, the image Gofer installs the standard extensions from.
# Builds cli/target/gofer.jar first when it is missing.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
base="${1:-eclipse-temurin:17-jre}"
tag="${2:-gofer:latest}"
jar="$repo/cli/target/gofer.jar"
if [ ! -f "$jar" ]; then
  echo "build-image: building $jar" >&2
  (cd "$repo" && mvn -q -B -DskipTests package -pl cli -am) >&2
fi
version=$(unzip -p "$jar" gofer-version.properties 2>/dev/null | sed -n 's/^semver=//p' || true)
# only what the Dockerfile copies goes to the engine (the checkout's target/ folders are hundreds of MB)
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/cli/target"
cp "$repo/Dockerfile" "$repo/jvm.options" "$context/"
ln "$jar" "$context/cli/target/gofer.jar" 2>/dev/null || cp "$jar" "$context/cli/target/gofer.jar"
if ! out=$(docker build -q --build-arg "BASE=$base" --build-arg "VERSION=${version:-dev}" -t "$tag" "$context" 2>&1); then
  echo "$out" >&2
  echo "build-image: docker build failed (is the base image $base here or pullable?)" >&2
  exit 1
fi
echo "build-image: built $tag on $base ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1000/1000}'))"
