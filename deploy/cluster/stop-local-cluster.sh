#!/usr/bin/env bash
# Stops the Worker and Master that start-local-cluster.sh started, by their PID files only
# (never by name, so other Spark processes on the machine are left alone).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cluster_dir=${GREENTRAIN_CLUSTER_DIR:-$root/jobs/target/local-cluster}
status=0

for role in worker master; do
  pid_file="$cluster_dir/$role.pid"
  [ -f "$pid_file" ] || continue
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    # The worker kills its executors on the way down; give each a bounded time, then force.
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "stop-local-cluster: warning: the $role (pid $pid) did not stop in 30s; killing it" >&2
      kill -9 "$pid" 2>/dev/null || status=1
    fi
  fi
  rm -f "$pid_file"
  echo "stopped the $role (pid $pid)"
done
exit $status
