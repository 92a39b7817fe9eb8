#!/usr/bin/env bash
# Conversation tests: tests/test_stories.yml through the trained model and a real action
# server on loopback, failing on any wrong intent or action.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3 RASA_TELEMETRY_ENABLED=${RASA_TELEMETRY_ENABLED:-false}
mkdir -p var/log
port=${ACTIONS_PORT:-5055}
SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --actions actions -p "$port" >var/log/actions-stories.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.5; done
.venv/bin/rasa test core --model models/assistant.tar.gz --stories tests/test_stories.yml \
  --endpoints endpoints.yml --e2e --fail-on-prediction-errors --out results/stories --quiet
echo "conversation tests: all stories passed"
