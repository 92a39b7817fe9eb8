#!/usr/bin/env bash
# `rasa shell` with the action server running beside it on loopback; both stop on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
. ops/env.sh
export TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore RASA_TELEMETRY_ENABLED=${RASA_TELEMETRY_ENABLED:-false}
mkdir -p var/log
port=${ACTIONS_PORT:-5055}
started=""
if ! curl -s -o /dev/null "http://127.0.0.1:$port/health"; then
  SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --actions actions -p "$port" >var/log/actions-shell.log 2>&1 &
  started=$!
  trap 'kill $started 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.5; done
fi
ACTIONS_PORT=$port .venv/bin/python -m rasa_addons.endpoints var/endpoints-shell.yml >/dev/null
.venv/bin/rasa shell --model models/assistant.tar.gz --endpoints var/endpoints-shell.yml --quiet "$@"
