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

FROM eclipse-temurin:21-jre
COPY --from=build --chown=0:0 --chmod=0444 /src/target/rootctl.jar /app/rootctl.jar
# 65532: the conventional "nonroot" UID; the chart's securityContext uses the same one.
USER 65532:65532
WORKDIR /tmp
EXPOSE 8080
# The heap follows the container's memory limit. Set through JAVA_TOOL_OPTIONS, never as a flag in
# the ENTRYPOINT: a command-line flag would silently beat the JAVA_TOOL_OPTIONS the Helm chart sets
# (controller.javaToolOptions), which replaces this default.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java","-jar","/app/rootctl.jar"]
CMD ["--help"]
