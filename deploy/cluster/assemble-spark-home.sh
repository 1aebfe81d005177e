#!/usr/bin/env bash
# Makes a Spark home from the Maven jars, for users without a Spark install: SPARK_HOME/jars/
# holds links to the entries of jobs/target/spark-classpath.txt (Spark's runtime as the build
# resolved it). Enough for a standalone Master, Worker, executors and spark-submit via
# `java -cp "$SPARK_HOME/jars/*"`; there are no bin/ scripts.
#
# usage: assemble-spark-home.sh [SPARK_HOME]   (default: jobs/target/spark-home)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
classpath_file="$root/jobs/target/spark-classpath.txt"
spark_home=${1:-$root/jobs/target/spark-home}

if [ ! -s "$classpath_file" ]; then
  echo "assemble-spark-home: building $classpath_file (mvn package, tests skipped) ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package) >&2
fi

mkdir -p "$spark_home/jars"
# Rebuilt from scratch each time, so a changed classpath leaves no stale jar behind.
find "$spark_home/jars" -mindepth 1 -maxdepth 1 -delete
count=0
while IFS= read -r entry || [ -n "$entry" ]; do
  [ -z "$entry" ] && continue
  if [ ! -f "$entry" ]; then
    echo "assemble-spark-home: error: Cannot link $entry: not found (listed in $classpath_file)" >&2
    exit 1
  fi
  ln -s "$entry" "$spark_home/jars/$(basename "$entry")"
  count=$((count + 1))
done < <(tr ':' '\n' < "$classpath_file")

cat > "$spark_home/README" <<README
Spark home assembled by deploy/cluster/assemble-spark-home.sh from the Maven jars listed in
$classpath_file ($count jars, linked into jars/).

Export these before starting Spark processes from it:

  SPARK_HOME=$spark_home
  SPARK_SCALA_VERSION=2.12

SPARK_SCALA_VERSION is needed because this home has no build directories from which Spark's
launcher (used by the Worker to start executors) could infer the Scala version.
README

echo "$spark_home"
