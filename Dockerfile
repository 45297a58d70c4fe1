# Gofer server image. Build the jar first (`./gofer --help` or `mvn -DskipTests package`), then:
#   docker build -t gofer .
#   docker run -v /var/run/docker.sock:/var/run/docker.sock -v gofer-data:/var/lib/gofer -p 8080:8080 gofer
# BASE is any Java 17+ runtime image; offline machines can pass one built locally with jlink.
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}
COPY cli/target/gofer.jar /opt/gofer/gofer.jar
ENV GOFER_DATA_DIR=/var/lib/gofer
VOLUME /var/lib/gofer
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/gofer/gofer.jar"]
CMD ["service", "start"]
