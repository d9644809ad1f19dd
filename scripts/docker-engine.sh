#!/usr/bin/env bash
# Make sure a Docker engine answers on this machine: install Debian's docker.io when dockerd is
# missing, start dockerd when it is not running. Idempotent; used by `make demo` and `make test`.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "docker-engine: no Docker engine and no apt-get; install Docker and start it" >&2
    exit 1
  fi
  echo "docker-engine: installing docker.io"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi
echo "docker-engine: starting dockerd"
mkdir -p /var/log
nohup dockerd >/var/log/connect-ops-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 1
done
echo "docker-engine: dockerd did not come up; see /var/log/connect-ops-dockerd.log" >&2
tail -20 /var/log/connect-ops-dockerd.log >&2 || true
exit 1
