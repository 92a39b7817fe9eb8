#!/usr/bin/env bash
# Starts the action server (127.0.0.1:5055) and the Rasa server (REST + socket.io on
# 127.0.0.1:5005 by default), prints where to chat, and stops both on Ctrl-C.
# Called by `make run` after the store is built and the model trained.
set -euo pipefail
cd "$(dirname "$0")/.."
. ops/env.sh
BIN=.venv/bin
HOST=${RASA_HOST:-127.0.0.1}
PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
RUN_DIR=${RUN_DIR:-var}  # logs, generated endpoints and credentials
export TF_CPP_MIN_LOG_LEVEL=3 RASA_TELEMETRY_ENABLED=${RASA_TELEMETRY_ENABLED:-false}
mkdir -p "$RUN_DIR/log"
pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping the assistant..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

SANIC_HOST=127.0.0.1 "$BIN/rasa" run actions --actions actions -p "$ACTIONS_PORT" \
  >"$RUN_DIR/log/actions.log" 2>&1 &
pids+=($!)

"$BIN/python" -m rasa_addons.credentials "$RUN_DIR/credentials.yml"
ACTIONS_PORT=$ACTIONS_PORT "$BIN/python" -m rasa_addons.endpoints "$RUN_DIR/endpoints.yml"
IFS=, read -ra cors <<<"${CORS_ORIGINS:-http://127.0.0.1:$PORT}"  # comma-separated origins
# Rasa's HTTP API (models, trackers, ...) stays off unless RASA_ENABLE_API=true, and then it
# requires a JWT signed with RASA_JWT_SECRET in the Authorization header.
api=()
if [ "${RASA_ENABLE_API:-false}" = true ]; then
  [ -n "${RASA_JWT_SECRET:-}" ] || { echo "RASA_ENABLE_API=true needs RASA_JWT_SECRET"; exit 2; }
  api=(--enable-api --jwt-secret "$RASA_JWT_SECRET" --jwt-method HS256)
fi
"$BIN/rasa" run -i "$HOST" -p "$PORT" --model models/assistant.tar.gz "${api[@]}" \
  --credentials "$RUN_DIR/credentials.yml" --endpoints "$RUN_DIR/endpoints.yml" \
  --cors "${cors[@]}" >"$RUN_DIR/log/rasa.log" 2>&1 &
pids+=($!)

echo "Starting the assistant (about 30 s)... logs in $RUN_DIR/log/"
for _ in $(seq 1 180); do
  if curl -sf "http://$HOST:$PORT/status" >/dev/null 2>&1 || curl -sf "http://$HOST:$PORT/" >/dev/null 2>&1; then
    break
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A server failed to start; see $RUN_DIR/log/"; tail -20 "$RUN_DIR"/log/*.log; exit 1; }
  done
  sleep 1
done
cat <<MSG

The assistant is running. Chat with it:
  REST:       curl -s -XPOST http://$HOST:$PORT/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                -d '{"sender": "me", "message": "which stretches help?"}'
  web widget: http://$HOST:$PORT/webhooks/widget/  (demo page; embed with the script tag shown there)
  shell:      make shell (in another terminal)
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
