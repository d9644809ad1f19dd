#!/usr/bin/env bash
# Serve a source mirror directory on 127.0.0.1 for as long as a command runs.
#   scripts/serve-mirror.sh DIR PORT COMMAND...
set -euo pipefail
dir=${1:?usage: serve-mirror.sh DIR PORT COMMAND...}
port=${2:?usage: serve-mirror.sh DIR PORT COMMAND...}
shift 2
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
"$@"
