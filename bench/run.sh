#!/usr/bin/env bash
# Runs the reference workloads end to end and prints each figure beside its baseline measured in the same run.
# Usage: bench/run.sh [--size standard|large|demo] [--repeat N] [--skip-build] [--jvm production|fast-start]
#                     [--jvm-option -XX:...]... [--jfr]
# --jvm: the services' JVM options (default production: as their pods run them: C2, the image's run-java.sh defaults
#        (parallel collector) and JAVA_OPTS_APPEND, the deployment's memory; fast-start: the system tests' C1-only small
#        heaps). --jvm-option: appended to every service's options (experiments; repeatable). --jfr: a JFR profile per
#        service process in bench/target/run-*/<service>.jfr.
# Results: bench/results/<timestamp>.json and .png. Uses the machine's PostgreSQL at 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
build=true
for a in "$@"; do
  if [ "$a" = "--skip-build" ]; then build=false; else args+=("$a"); fi
done
if $build; then
  ./mvnw -q -B install -DskipTests -pl bench,gathering-service,job-service,dp-share-service,monitoring-service -am
fi
exec java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dcmm.project.root="$PWD" -cp "$(cat bench/target/classpath.txt):bench/target/classes" \
  io.cmmigration.bench.BenchMain "${args[@]+"${args[@]}"}"
