# rootctl — build entry points. Every target finds a JDK 21+ by itself (bin/find-java).
SHELL := /bin/bash
JDK := $(shell bin/find-java 2>/dev/null)
export JAVA_HOME := $(JDK)
export PATH := $(JDK)/bin:$(PATH)
MVN ?= mvn -B -ntp
JAR := target/rootctl.jar

.PHONY: run test build clean jdk bench-sim bench-controller

## run: the demo on the built-in simulated organization (no AWS account needed)
run: $(JAR)
	bin/rootctl validate --desired-state desired-state

## test: every test, unit (surefire) and end to end (failsafe)
test: jdk
	$(MVN) verify

## build: the runnable shaded jar, target/rootctl.jar
build: $(JAR)

$(JAR): jdk pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -DskipTests package

clean: jdk
	$(MVN) clean

jdk:
	@bin/find-java >/dev/null

## bench-sim: the emulator benchmark (req/s; start time and heap at 10,000 accounts); not a test
bench-sim: jdk
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
	$(JDK)/bin/java -Xmx512m -cp target/classes:target/test-classes:$$(cat target/test-classpath.txt) io.rootctl.sim.bench.EmulatorBenchmark

## bench-controller: the controller benchmark (AWS calls per account per hour, drift-to-repair time, heap at 10,000 accounts); not a test
bench-controller: jdk
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
	$(JDK)/bin/java -Xmx768m -cp target/classes:target/test-classes:$$(cat target/test-classpath.txt) io.rootctl.control.bench.ControllerBenchmark
