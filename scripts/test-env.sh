#!/usr/bin/env bash
# Brings up what the test suite needs on a fresh Debian machine: a Docker engine and the
# local images the tests run (no registry is assumed to be reachable). Idempotent.
set -euo pipefail

need_apt=()
command -v dockerd >/dev/null 2>&1 || need_apt+=(docker.io)
[ -x /bin/busybox ] || need_apt+=(busybox-static)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
# the dashboard's browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# validates docs/compose.yaml (`docker-compose config`; the compose file is not started: no postgres image here)
command -v docker-compose >/dev/null 2>&1 || need_apt+=(docker-compose)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test-env: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  # dockerd uses the system containerd when /run/containerd/containerd.sock exists, else starts its own. A socket left
  # behind by a containerd that is gone (an engine killed by hand) makes dockerd wait on it and fail: remove it.
  containerd_sock=/run/containerd/containerd.sock
  if [ -S "$containerd_sock" ] && ! pgrep -x containerd >/dev/null 2>&1; then
    echo "test-env: removing $containerd_sock, left behind by a containerd that is no longer running"
    rm -f "$containerd_sock" "$containerd_sock.ttrpc"
  fi
  # After an engine was killed, its containerd first cleans up every dead container shim; dockerd gives up on it after
  # a fixed time ("timeout waiting for containerd to start") while the cleanup goes on at the next start: try again.
  for attempt in 1 2 3 4 5; do
    echo "test-env: starting dockerd (attempt $attempt)"
    setsid nohup dockerd >/tmp/dockerd.log 2>&1 < /dev/null &
    dockerd_pid=$!
    for _ in $(seq 1 240); do
      docker info >/dev/null 2>&1 && break 2
      kill -0 "$dockerd_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$dockerd_pid" 2>/dev/null && break
    grep -q 'timeout waiting for containerd' /tmp/dockerd.log || break
    echo "test-env: dockerd's containerd was still cleaning up (it cleaned $(grep -c 'cleaning up dead shim' /tmp/dockerd.log) dead shims in that attempt)"
  done
  docker info >/dev/null 2>&1 || { echo "test-env: dockerd did not come up, see /tmp/dockerd.log" >&2; tail -20 /tmp/dockerd.log >&2; exit 1; }
fi

# busybox:latest built from Debian's busybox-static, so examples and tests use the same
# image name a user would pull from a registry.
if ! docker image inspect busybox:latest >/dev/null 2>&1; then
  echo "test-env: building busybox:latest from busybox-static"
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
  tar -C "$rootfs" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - busybox:latest >/dev/null
  rm -rf "$rootfs"
fi
# PostgreSQL for the storage tests: a local cluster on 127.0.0.1 with role and database "gofer".
# Tests create their own schemas inside it and drop them afterwards.
cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  pg_createcluster 15 main >/dev/null
  cluster="15 main"
fi
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  echo "test-env: starting PostgreSQL cluster $cluster"
  pg_ctlcluster $cluster start
fi
for _ in $(seq 1 40); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.25
done
su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='gofer'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role gofer login password 'gofer'\"" >/dev/null
su postgres -c "psql -qAtc \"select 1 from pg_database where datname='gofer'\"" | grep -q 1 ||
  su postgres -c "psql -qc 'create database gofer owner gofer'" >/dev/null
export PGPASSWORD=gofer
psql -h 127.0.0.1 -U gofer -d gofer -qAtc 'select 1' >/dev/null ||
  { echo "test-env: cannot log in to PostgreSQL as gofer on 127.0.0.1" >&2; exit 1; }

# npm packages of the browser tests, from the lock file; skipped when the locked version is installed
browser_tests="$(dirname "$0")/../server/src/test/browser"
installed_ok='const l=require("./package-lock.json").packages["node_modules/playwright-core"].version;
  try { process.exit(require("./node_modules/playwright-core/package.json").version === l ? 0 : 1); } catch (e) { process.exit(1); }'
if ! (cd "$browser_tests" && node -e "$installed_ok"); then
  echo "test-env: npm ci in server/src/test/browser"
  (cd "$browser_tests" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "test-env: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium missing'), node $(node --version)"


# gofer-test/jre:17: a small Java runtime made from this machine's JDK with jlink, the base the gofer image and the
# extension images are built on in tests (`--build-arg BASE=gofer-test/jre:17`); users keep a public JRE.
# The label says which recipe built it: an older one (without the libraries below) is rebuilt.
jre_recipe=2
if [ "$(docker image inspect -f '{{index .Config.Labels "dev.gofer.jre-recipe"}}' gofer-test/jre:17 2>/dev/null)" != "$jre_recipe" ]; then
  command -v jlink >/dev/null 2>&1 || { echo "test-env: jlink not found; install a JDK 17 (apt-get install -y openjdk-17-jdk-headless)" >&2; exit 1; }
  echo "test-env: building gofer-test/jre:17 with jlink"
  rootfs=$(mktemp -d)
  jlink --add-modules java.base,java.logging,jdk.unsupported,java.naming,java.management,java.net.http,jdk.crypto.ec,java.sql \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$rootfs/opt/java"
  # the runtime's native dependencies, at the paths the dynamic loader looks them up; plus the glibc libraries a
  # public JRE image carries and Java libraries with native code load: sqlite-jdbc's libsqlitejdbc.so needs
  # libpthread.so.0 (glibc 2.34+ keeps it as a stub, but the file must exist), others libdl and librt
  libc_dir=$(dirname "$(ldd "$rootfs/opt/java/bin/java" | grep -o '/[^ ]*libc\.so\.6')")
  for lib in $( (ldd "$rootfs/opt/java/bin/java"; for so in "$rootfs"/opt/java/lib/*.so "$rootfs"/opt/java/lib/server/*.so; do ldd "$so" 2>/dev/null; done) \
      | grep -o '/[^ ]*' | sort -u) "$libc_dir/libpthread.so.0" "$libc_dir/libdl.so.2" "$libc_dir/librt.so.1" "$libc_dir/libm.so.6"; do
    [ -e "$lib" ] || continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  ln -sf busybox "$rootfs/bin/sh"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
  tar -C "$rootfs" -c . | docker import -c 'ENV PATH=/opt/java/bin:/bin' -c 'ENV JAVA_HOME=/opt/java' \
    -c "LABEL dev.gofer.jre-recipe=$jre_recipe" - gofer-test/jre:17 >/dev/null
  rm -rf "$rootfs"
fi
echo "test-env: gofer-test/jre:17 present"

echo "test-env: docker $(docker version --format '{{.Server.Version}}') ready, busybox:latest present, PostgreSQL at postgres://gofer:gofer@127.0.0.1:5432/gofer"
