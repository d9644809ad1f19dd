#!/usr/bin/env bash
# make flake-hunt: the process- and timing-sensitive tests, FLAKE_ROUNDS rounds each, while
# stress-ng keeps every core busy (a loaded CI machine, or worse). Any failure fails the hunt.
#   FLAKE_ROUNDS  rounds of each test (default 20)
#   FLAKE_WORKERS pytest-xdist workers (default: twice the cores: more load, more interleavings)
#   FLAKE_TESTS   the test files or node ids (default: see below)
#   FLAKE_SELECT  a pytest -k expression over them (default: see below)
# Prints how many test runs passed and failed; each failure's report is in build/flake-hunt.log.
set -euo pipefail
cd "$(dirname "$0")/.."

cores=$(nproc)
rounds=${FLAKE_ROUNDS:-20}
workers=${FLAKE_WORKERS:-$((2 * cores))}
# The job budget and its driver, stopping process groups; the build scripts' locks, time limits,
# interrupted and concurrent runs (the resilience suite's logic without its containers); the
# artifact store's races (two builders at once, a share without hard links, a crash mid-upload).
test_list=${FLAKE_TESTS:-tests/unit/plugins/module_utils/test_build_jobs.py tests/unit/plugins/module_utils/test_process_group.py tests/integration/test_build_scripts.py tests/docker/test_artifact_store.py}
read -r -a tests <<<"$test_list"
select=${FLAKE_SELECT:-not shellcheck and not hostile and not missing_values and (build_jobs or process_group or job or lock or ctrl_c or runs_at_once or dead or pgo_train or budget or two_builders or hard_links or crash_mid_upload)}

if ! command -v stress-ng >/dev/null 2>&1; then
  echo "flake-hunt: installing stress-ng"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq stress-ng >/dev/null
fi

mkdir -p build
log=build/flake-hunt.log
# Every core busy for as long as the hunt runs; stopped however the hunt ends.
stress-ng --cpu "$cores" --cpu-method all --quiet &
load=$!
trap 'kill "$load" 2>/dev/null; wait "$load" 2>/dev/null || true' EXIT
echo "flake-hunt: $rounds rounds, $workers workers, stress-ng on $cores cores (pid $load)"

began=$(date +%s)
set +e
PYTHONPATH="$PWD/build/collections" .venv/bin/python -m pytest -p no:cacheprovider -q \
  -n "$workers" --count "$rounds" -k "$select" "${tests[@]}" >"$log" 2>&1
rc=$?
set -e
summary=$(tail -n 1 "$log")
echo "flake-hunt: $summary (in $(($(date +%s) - began)) s; log: $log)"
if [ "$rc" -ne 0 ]; then
  grep -E '^(FAILED|ERROR) ' "$log" | sort | uniq -c | sort -rn || true
  exit 1
fi
