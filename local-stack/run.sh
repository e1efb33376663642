#!/usr/bin/env bash
# The one-command local run: builds what is missing, then starts a real Kafka broker (KRaft), an embedded PostgreSQL,
# simulated demo source hierarchies and the four services, runs a guided demo (unless --no-demo), and stops everything
# on Ctrl-C. Options: --no-demo, --machine-postgres (use 127.0.0.1:5432 instead of the embedded one), --rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
rebuild=false
args=()
for a in "$@"; do
  if [ "$a" = "--rebuild" ]; then rebuild=true; else args+=("$a"); fi
done
missing=false
for svc in gathering-service job-service dp-share-service monitoring-service; do
  [ -f "$svc/target/quarkus-app-local/quarkus-run.jar" ] || missing=true
done
[ -f local-stack/target/classpath.txt ] || missing=true
if $rebuild || $missing; then
  echo "== building the system (first run takes a few minutes: Maven downloads dependencies) ..."
  ./mvnw -q -B install -DskipTests -pl local-stack,gathering-service,job-service,dp-share-service,monitoring-service -am
fi
exec java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dcmm.project.root="$PWD" -cp "$(cat local-stack/target/classpath.txt):local-stack/target/classes" \
  io.cmmigration.localstack.LocalStackMain "${args[@]+"${args[@]}"}"
