# rootctl — build entry points. Every target finds a JDK 21+ by itself (bin/find-java).
SHELL := /bin/bash
JDK := $(shell bin/find-java 2>/dev/null)
export JAVA_HOME := $(JDK)
export PATH := $(JDK)/bin:$(PATH)
MVN ?= mvn -B -ntp
JAR := target/rootctl.jar
BENCH_CP = target/classes:target/test-classes:$$(cat target/test-classpath.txt)

.PHONY: run aot bench-startup test build reproducible format clean jdk mutation bench-classpath bench-sim bench-plan bench-controller bench-apply bench-scale bench-events

## run: the demo: plan, apply and plan again against the emulator's demo organization (no AWS)
## (bin/rootctl uses the start-up cache `make aot` made, when it fits this jar and JDK)
run: $(JAR)
	bin/rootctl demo

## aot: a start-up cache for bin/rootctl, made by a training run of `validate --desired-state desired-state`:
## JDK 25+: the AOT cache target/rootctl.aot (JEP 483/514); JDK 21-24: the AppCDS archive
## target/rootctl.jsa. Outside the jar, which stays reproducible (the caches are not); tied to
## this jar and JDK (bin/rootctl checks both and runs without it otherwise).
aot: $(JAR)
	@set -euo pipefail; rm -f target/rootctl.aot target/rootctl.jsa target/rootctl.cache-jdk; \
	major=$$($(JDK)/bin/java -XshowSettings:properties -version 2>&1 \
	  | sed -n 's/^ *java.specification.version = //p'); \
	if [ "$$major" -ge 25 ]; then \
	  $(JDK)/bin/java -XX:AOTCacheOutput=target/rootctl.aot -jar $(JAR) validate --desired-state desired-state; \
	else \
	  $(JDK)/bin/java -XX:ArchiveClassesAtExit=target/rootctl.jsa -jar $(JAR) validate --desired-state desired-state; \
	fi; \
	echo "$(JDK)" > target/rootctl.cache-jdk; ls -l target/rootctl.aot target/rootctl.jsa 2>/dev/null || true

## bench-startup: wall time of `rootctl validate --desired-state desired-state`, 10 runs each, without and with
## the start-up cache (make aot), median and p90 side by side
bench-startup: aot
	bin/bench-startup

## test: every test, unit (surefire) and end to end (failsafe)
test: jdk
	$(MVN) verify

## build: the runnable shaded jar, target/rootctl.jar
build: $(JAR)

$(JAR): jdk pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -q -DskipTests package

## reproducible: build the jars twice from a clean tree; fail unless the two builds are
## byte-identical (project.build.outputTimestamp in pom.xml). Same JDK major version needed:
## the manifest names it.
reproducible: jdk
	@set -euo pipefail; first=$$(mktemp -d); trap 'rm -rf "$$first"' EXIT; \
	$(MVN) -q -DskipTests clean package; \
	cp target/*.jar "$$first"/; (cd "$$first" && sha256sum *.jar) > "$$first/SHA256SUMS"; \
	$(MVN) -q -DskipTests clean package; \
	echo "second build against the first:"; \
	(cd target && sha256sum -c "$$first/SHA256SUMS") \
	  || { echo "not reproducible: the two builds differ" >&2; exit 1; }

## format: google-java-format every Java file (make test fails on a formatting drift)
format: jdk
	$(MVN) -q spotless:apply

clean: jdk
	$(MVN) clean

## mutation: PIT mutation testing of apply, plan, plan.json, desired, desired.yaml (report: target/pit-reports/index.html)
# Narrow it with PIT_CLASSES / PIT_TESTS, e.g. make mutation PIT_CLASSES='io.rootctl.apply.*' PIT_TESTS='io.rootctl.apply.*'
mutation: jdk
	$(MVN) -q test-compile
	$(MVN) -Pmutation org.pitest:pitest-maven:mutationCoverage \
	  $(if $(PIT_CLASSES),-Dpit.targetClasses='$(PIT_CLASSES)') $(if $(PIT_TESTS),-Dpit.targetTests='$(PIT_TESTS)')

jdk:
	@bin/find-java >/dev/null

# Benchmarks print figures; they are not tests and make test does not run them.
bench-classpath: jdk
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

## bench-sim: emulator throughput, and start time and heap at 10,000 accounts
bench-sim: bench-classpath
	$(JDK)/bin/java -Xmx512m -cp $(BENCH_CP) io.rootctl.sim.bench.EmulatorBenchmark

## bench-plan: plan over a generated 2,000-account organization, 20 ms per call
bench-plan: bench-classpath
	$(JDK)/bin/java -Xmx1g -cp $(BENCH_CP) io.rootctl.cli.bench.PlanBenchmark

## bench-scale: plan and audit of 10,000 accounts / 500 OUs at 20 ms and 80 ms per call, the
## emulator enforcing AWS's Organizations rates and AssumeRoot at 600/s; prints the ratio to the bound.
## Smaller: make bench-scale BENCH_SCALE_ARGS='500 25 20'; arguments: accounts, OUs, latencies (ms),
## parallelism (comma-separated), commands (default plan,audit), e.g. BENCH_SCALE_ARGS='10000 500 20,80 10 audit'
bench-scale: bench-classpath
	$(JDK)/bin/java -Xmx3g -cp $(BENCH_CP) io.rootctl.cli.bench.ScaleBenchmark $(BENCH_SCALE_ARGS)

## bench-controller: AWS calls per account per hour, drift-to-repair time, heap at 10,000 accounts
bench-controller: bench-classpath
	$(JDK)/bin/java -Xmx768m -cp $(BENCH_CP) io.rootctl.control.bench.ControllerBenchmark

## bench-apply: apply over 10,000 accounts with 30% drift: root sessions per changed account and wall time, before and after
# Arguments through BENCH_ARGS, e.g. make bench-apply BENCH_ARGS='200 20 10' (accounts, ms per call, parallelism)
bench-apply: bench-classpath
	$(JDK)/bin/java -Xmx1g -cp $(BENCH_CP) io.rootctl.cli.bench.ApplyBenchmark $(BENCH_ARGS)

## bench-events: the event path (issue 13): 100 root access keys injected over 60 s into 10,000
## accounts at 20 ms per call, --resync 24h; event-to-repair p50/p95/max, AWS calls per event, and
## what resync alone would cost. Smaller: make bench-events BENCH_ACCOUNTS=500
## (more: BENCH_EVENTS_OPTS='-Dbench.events=100 -Dbench.spreadSeconds=60 -Dbench.delaySeconds=5
## -Dbench.latencyMs=20 -Dbench.seed=13 -Dbench.parallelism=10'; controller log level BENCH_LOG_LEVEL)
BENCH_ACCOUNTS ?= 10000
BENCH_LOG_LEVEL ?= warn
bench-events: bench-classpath
	$(JDK)/bin/java -Xmx2g -Dbench.accounts=$(BENCH_ACCOUNTS) -Drootctl.log.level=$(BENCH_LOG_LEVEL) \
	  $(BENCH_EVENTS_OPTS) -cp $(BENCH_CP) io.rootctl.control.bench.EventsBenchmark
