# The gofer image: the server, the CLI and the standard extensions (interval, cron, webhook: the server runs them
# from this same image as `gofer extension run <id>`). Build it with scripts/build-image.sh [BASE] [TAG], or by hand
# after building the jar (`./gofer --help` or `mvn -DskipTests package`):
#   docker build -t gofer:latest .
#   docker run -d --name gofer -v /var/run/docker.sock:/var/run/docker.sock -v gofer-data:/var/lib/gofer \
#     -p 8080:8080 gofer:latest
# BASE is any Java 17+ runtime image with /bin/sh; offline machines pass one built locally with jlink
# (scripts/test-env.sh builds gofer-test/jre:17). See docs/container.md.
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}
ARG VERSION=0.1.0-SNAPSHOT
LABEL org.opencontainers.image.title="Gofer" \
      org.opencontainers.image.description="Container-native job runner: pipelines of containers, run on the Docker engine whose socket is mounted" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.documentation="docs/container.md" \
      org.opencontainers.image.source="https://github.com/gofer-dev/gofer"
COPY jvm.options /opt/gofer/jvm.options
# the jar last: a new build changes only this layer
COPY cli/target/gofer.jar /opt/gofer/gofer.jar
# Class-data sharing (docs/container.md, "Start-up"): a training start at build time (a throwaway server on loopback,
# no engine needed) writes the classes a start loads, parsed and verified, to /opt/gofer/gofer.jsa; every start maps
# them instead of reading the jar. A dynamic archive sits on the JRE's own base archive: a jlink-made JRE may lack
# one, so it is made first. If the archive does not fit the JVM flags given at run time, Java starts without it.
# The same start leaves the SQLite driver's native library in /opt/gofer/native, which every start loads from.
RUN java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" \
 && { [ -f "$java_home/lib/server/classes.jsa" ] || java -Xshare:dump -Xlog:cds=off >/dev/null; } \
 && java @/opt/gofer/jvm.options -XX:ArchiveClassesAtExit=/opt/gofer/gofer.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -Dgofer.native_cache_dir=/opt/gofer/native \
      -jar /opt/gofer/gofer.jar service start --exit-when-ready --data-dir /tmp/gofer-training --bind-address 127.0.0.1 \
      --port 0 --extension-port 0 --install-std-extensions false >/dev/null \
 && rm -rf /tmp/gofer-training /tmp/sqlite-* && test -s /opt/gofer/gofer.jsa
# GOFER_IMAGE: Gofer runs in its image, so a missing or forbidden engine socket stops the start (it cannot appear later)
ENV GOFER_DATA_DIR=/var/lib/gofer GOFER_IMAGE=1
VOLUME /var/lib/gofer
# 8080: API and dashboard; 8081: the gRPC port extensions call Gofer back on
EXPOSE 8080 8081
# `docker stop` sends SIGTERM to java itself (the shell below execs it): Gofer shuts down as on Ctrl-C
STOPSIGNAL SIGTERM
# asks the local API; needs nothing but the JRE (no curl or wget in the base)
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["java", "-Xshare:auto", "-XX:SharedArchiveFile=/opt/gofer/gofer.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:+UseSerialGC", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-jar", "/opt/gofer/gofer.jar", "service", "health"]
# The archive (silently unused if it does not fit), then the JVM flags of jvm.options (as ./gofer uses them), unless
# GOFER_JAVA_OPTS is set: then exactly those (later flags win, so -Xshare:off there turns the archive off),
# e.g. docker run -e GOFER_JAVA_OPTS="-XX:+UseSerialGC -Xmx1g" ...
ENTRYPOINT ["/bin/sh", "-c", "exec java -Xshare:auto -XX:SharedArchiveFile=/opt/gofer/gofer.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -Dgofer.native_cache_dir=/opt/gofer/native ${GOFER_JAVA_OPTS-@/opt/gofer/jvm.options} -jar /opt/gofer/gofer.jar \"$@\"", "gofer"]
CMD ["service", "start"]
