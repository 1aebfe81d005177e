#!/usr/bin/env bash
# Starts a standalone Spark cluster on 127.0.0.1: one Master (spark://127.0.0.1:7077, web UI
# on 8080) and one Worker (2 cores, 2g), each its own JVM, with PID files and logs in
# $GREENTRAIN_CLUSTER_DIR (default: jobs/target/local-cluster). Returns once the Worker has
# registered with the Master. Stop them with stop-local-cluster.sh.
#
# Environment: SPARK_HOME (default: jobs/target/spark-home, assembled if missing),
# GREENTRAIN_CLUSTER_DIR, SPARK_MASTER_PORT (7077), SPARK_MASTER_WEBUI_PORT (8080),
# SPARK_WORKER_CORES (2), SPARK_WORKER_MEMORY (2g), GREENTRAIN_START_TIMEOUT_S (120).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
export SPARK_HOME=${SPARK_HOME:-$root/jobs/target/spark-home}
export SPARK_SCALA_VERSION=2.12
export SPARK_LOCAL_IP=127.0.0.1
cluster_dir=${GREENTRAIN_CLUSTER_DIR:-$root/jobs/target/local-cluster}
master_port=${SPARK_MASTER_PORT:-7077}
webui_port=${SPARK_MASTER_WEBUI_PORT:-8080}
timeout_s=${GREENTRAIN_START_TIMEOUT_S:-120}

if [ ! -d "$SPARK_HOME/jars" ]; then
  "$here/assemble-spark-home.sh" "$SPARK_HOME" >/dev/null
fi

# Spark 3.5 on Java 17 needs these module opens.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../bin" && pwd)/java17-opens.sh"

mkdir -p "$cluster_dir/work"
for role in master worker; do
  pid_file="$cluster_dir/$role.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "start-local-cluster: error: Cannot start the $role: already running as pid $(cat "$pid_file") ($pid_file)" >&2
    exit 1
  fi
done

java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}java
master_url="spark://127.0.0.1:$master_port"

nohup "$java_cmd" -Xmx512m "${opens[@]}" -cp "$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$master_port" --webui-port "$webui_port" \
  > "$cluster_dir/master.log" 2>&1 < /dev/null &
echo $! > "$cluster_dir/master.pid"

nohup "$java_cmd" -Xmx512m "${opens[@]}" -cp "$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.worker.Worker "$master_url" \
  --host 127.0.0.1 --webui-port 0 \
  --cores "${SPARK_WORKER_CORES:-2}" --memory "${SPARK_WORKER_MEMORY:-2g}" \
  --work-dir "$cluster_dir/work" \
  > "$cluster_dir/worker.log" 2>&1 < /dev/null &
echo $! > "$cluster_dir/worker.pid"

# Poll the logs (not a fixed sleep): ready when the Worker says it registered.
deadline=$((SECONDS + timeout_s))
until grep -q "Successfully registered with master" "$cluster_dir/worker.log" 2>/dev/null; do
  for role in master worker; do
    if ! kill -0 "$(cat "$cluster_dir/$role.pid")" 2>/dev/null; then
      echo "start-local-cluster: error: Cannot start the $role: it exited; see $cluster_dir/$role.log" >&2
      tail -n 20 "$cluster_dir/$role.log" >&2 || true
      exit 1
    fi
  done
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "start-local-cluster: error: Cannot start the cluster: the worker did not register within ${timeout_s}s; see $cluster_dir/worker.log" >&2
    exit 1
  fi
  sleep 1
done
echo "local cluster up: $master_url (master pid $(cat "$cluster_dir/master.pid"), worker pid $(cat "$cluster_dir/worker.pid"), logs in $cluster_dir)"
