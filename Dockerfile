# Gofer server image. Build the jar first (`./gofer --help` or `mvn -DskipTests package`), then:
#   docker build -t gofer .
#   docker run -v /var/run/docker.sock:/var/run/docker.sock -v gofer-data:/var/lib/gofer -p 8080:8080 gofer
# BASE is any Java 17+ runtime image; offline machines can pass one built locally with jlink.
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}
COPY cli/target/gofer.jar /opt/gofer/gofer.jar
COPY jvm.options /opt/gofer/jvm.options
ENV GOFER_DATA_DIR=/var/lib/gofer
VOLUME /var/lib/gofer
EXPOSE 8080
# The JVM flags of jvm.options (as ./gofer uses them), unless GOFER_JAVA_OPTS is set: then exactly those,
# e.g. docker run -e GOFER_JAVA_OPTS="-XX:+UseSerialGC -Xmx1g" ...
ENTRYPOINT ["/bin/sh", "-c", "exec java ${GOFER_JAVA_OPTS-@/opt/gofer/jvm.options} -jar /opt/gofer/gofer.jar \"$@\"", "gofer"]
CMD ["service", "start"]
