#!/usr/bin/env bash
# GPU discovery for Spark (spark.executor.resource.gpu.discoveryScript): prints the GPUs this
# executor may use as Spark's ResourceInformation JSON, e.g. {"name":"gpu","addresses":["0"]}.
set -euo pipefail
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/ //g' -e 's/.*/"&"/' | paste -sd, -)
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
