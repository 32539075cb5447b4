# syntax=docker/dockerfile:1
# rootctl container image: the shaded jar on a JRE 21, nothing else.
# Build: docker build --build-arg REVISION=$(git rev-parse HEAD) -t ghcr.io/rootctl/rootctl:0.1.0 .
# Run:   docker run --rm ghcr.io/rootctl/rootctl:0.1.0 controller --desired-state /desired-state

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
# .mvn/jvm.config opens the compiler to Error Prone, which the build runs.
COPY .mvn ./.mvn
RUN mvn -B -ntp dependency:go-offline
COPY src ./src
# The source revision rootctl_build_info reports.
ARG REVISION=unknown
RUN mvn -B -ntp -Drootctl.revision=${REVISION} -DskipTests package
# The example desired state: the training run of the runtime stage's start-up archive reads it.
COPY desired-state ./desired-state

FROM eclipse-temurin:21-jre
COPY --from=build --chown=0:0 --chmod=0444 /src/target/rootctl.jar /app/rootctl.jar
# Start-up: a class-data-sharing archive (dynamic AppCDS, JEP 350) of the classes a `validate`
# loads, made by a training run on the example desired state and then thrown away. The archive is
# tied to this JRE and this jar (path and modification time), so it is made here, in the image, and
# never shipped inside the jar (archives are not reproducible; the jar stays byte-identical). The
# example is bind-mounted from the build stage (BuildKit), so the image gets nothing but the two.
RUN --mount=type=bind,from=build,source=/src/desired-state,target=/tmp/training-desired-state \
    java -XX:ArchiveClassesAtExit=/app/rootctl.jsa -jar /app/rootctl.jar \
      validate --desired-state /tmp/training-desired-state \
    && chmod 0444 /app/rootctl.jsa
# 65532: the conventional "nonroot" UID; the chart's securityContext uses the same one.
USER 65532:65532
WORKDIR /tmp
EXPOSE 8080
# The heap follows the container's memory limit. Set through JAVA_TOOL_OPTIONS, never as a flag in
# the ENTRYPOINT: a command-line flag would silently beat the JAVA_TOOL_OPTIONS the Helm chart sets
# (controller.javaToolOptions), which replaces this default.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
# The archive goes in JDK_JAVA_OPTIONS, which the `java` launcher reads and the chart does not
# replace (it sets only JAVA_TOOL_OPTIONS), so controller.javaToolOptions cannot drop it and it
# cannot beat the heap share. -Xshare:auto: a missing or mismatched archive (another JRE, another
# jar) only costs start-up time, never the start; `docker run -e JDK_JAVA_OPTIONS=` turns it off.
ENV JDK_JAVA_OPTIONS="-XX:SharedArchiveFile=/app/rootctl.jsa -Xshare:auto"
ENTRYPOINT ["java","-jar","/app/rootctl.jar"]
CMD ["--help"]
