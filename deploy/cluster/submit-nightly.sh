#!/usr/bin/env bash
# Submits the nightly pipeline (`greentrain run`) to the local standalone cluster with Spark's
# own SparkSubmit in client mode: the driver runs here, the executors in the Worker's JVMs.
# Extra arguments go to `greentrain run`, e.g. --conf train.model=mlp.
#
# Environment: SPARK_HOME (default jobs/target/spark-home), SPARK_MASTER_URL
# (spark://127.0.0.1:7077), GREENTRAIN_JAR (default jobs/target/greentrain-jobs-<version>.jar),
# GREENTRAIN_WAREHOUSE (default ./warehouse), GREENTRAIN_CONFIG (default conf/full-data.conf, the
# nightly recipe on the full Fashion-MNIST; empty for the built-in defaults), GREENTRAIN_DATA
# (default: the config's data.source), GREENTRAIN_EXECUTOR_MEMORY (1g).
#
# Carbon-aware start: with GREENTRAIN_WINDOW (e.g. 00:00-06:00) and GREENTRAIN_FORECAST (an hourly
# intensity CSV) set, `greentrain schedule --wait` first sleeps until the start in the window with
# the lowest expected CO2e for recent runs (in-process, local[1]: it only reads the runs table). An
# unreadable forecast means the window start; a failing scheduler never costs the night's run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export SPARK_HOME=${SPARK_HOME:-$root/jobs/target/spark-home}
export SPARK_SCALA_VERSION=2.12
export SPARK_LOCAL_IP=127.0.0.1
master=${SPARK_MASTER_URL:-spark://127.0.0.1:7077}
jar=${GREENTRAIN_JAR:-$(ls "$root"/jobs/target/greentrain-jobs-*.jar 2>/dev/null | grep -v -e '/original-' -e '-tests' | head -n 1 || true)}
warehouse=${GREENTRAIN_WAREHOUSE:-$PWD/warehouse}
config=${GREENTRAIN_CONFIG-$root/conf/full-data.conf}
data=${GREENTRAIN_DATA:-}

if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "submit-nightly: error: Cannot submit: no application jar ${jar:-in $root/jobs/target}; run mvn -B -DskipTests package" >&2
  exit 2
fi

# Spark 3.5 on Java 17 needs these module opens.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../bin" && pwd)/java17-opens.sh"

java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}java
submit=("$java_cmd" -Xmx2g "${opens[@]}" -Dai.djl.offline=true
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties"
  -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit)

if [ -n "${GREENTRAIN_WINDOW:-}" ] && [ -n "${GREENTRAIN_FORECAST:-}" ]; then
  "${submit[@]}" --master 'local[1]' --class org.greentrain.jobs.GreenTrain "$jar" schedule --wait \
    --window "$GREENTRAIN_WINDOW" --forecast "$GREENTRAIN_FORECAST" \
    ${config:+--config "$config"} --conf "run.warehouse=$warehouse" \
    || echo "submit-nightly: warning: greentrain schedule failed (exit $?); starting now" >&2
fi

# Absolute paths: the executors resolve them in their own working directories.
exec "${submit[@]}" \
  --master "$master" --deploy-mode client \
  --class org.greentrain.jobs.GreenTrain \
  --executor-memory "${GREENTRAIN_EXECUTOR_MEMORY:-1g}" \
  --conf spark.driver.host=127.0.0.1 \
  --conf spark.executor.extraJavaOptions=-Dai.djl.offline=true \
  --conf spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1 \
  "$jar" run \
  ${config:+--config "$config"} \
  --conf "run.warehouse=$warehouse" \
  ${data:+--conf "data.source=$data"} \
  "$@"
