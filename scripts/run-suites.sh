#!/usr/bin/env bash
# make test: run the suites as `make SUITE`, in lanes, and end with a table of each suite's wall
# time and the total - also when a suite fails.
#   scripts/run-suites.sh [--first "SUITE ..."] "SUITE SUITE ..." ["SUITE ..." ...]
# --first: suites run before the lanes (what every lane needs). Each other argument is a lane: its suites run one after the other; the lanes run at the same time
# (much of a suite's time is waiting - on containers, apt, a network - not computing). A failed
# suite stops its lane and lets every other lane finish only the suite it is running. A lane's
# "after:SUITE" waits until SUITE (in another lane) has passed. Each suite's
# output goes to build/test-logs/SUITE.log; a failed suite's last lines are printed. The table is
# also written to build/test-times.tsv (suite, lane, started after s, seconds, result).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
logs=build/test-logs
mkdir -p "$logs"
rm -f "$logs"/*.log "$logs"/.stop "$logs"/.passed-* "$logs"/lane-*.tsv
began=$(date +%s)

# The failure in a suite's log that the end of the log (a tool's summary) only names: the last
# one (expected failures, rescued or asserted, come before it).
last_failure() {
  local log=$1 lines=$2 at
  at=$(grep -n -E 'fatal: \[|FAILED!|^E   |Traceback \(most recent' "$log" | tail -n 1 | cut -d: -f1 || true)
  [ -n "$at" ] || return 0
  echo "=== the last failure in $log (line $at):"
  sed -n "$((at > 8 ? at - 8 : 1)),$((at + lines))p" "$log" | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-300
}

run_lane() {
  local lane=$1
  shift
  local suite start result
  for suite in "$@"; do
    if [ "${suite#after:}" != "$suite" ]; then
      until [ -e "$logs/.passed-${suite#after:}" ] || [ -e "$logs/.stop" ]; do
        sleep 5
      done
      continue
    fi
    if [ -e "$logs/.stop" ]; then
      printf '%s\t%s\t-\t0\tnot run\n' "$suite" "$lane" >>"$logs/lane-$lane.tsv"
      continue
    fi
    start=$(date +%s)
    echo "=== lane $lane: make $suite (at $((start - began)) s)"
    if make --no-print-directory "$suite" >"$logs/$suite.log" 2>&1; then
      result=passed
      touch "$logs/.passed-$suite"
    else
      result=FAILED
      touch "$logs/.stop"
      echo "=== lane $lane: make $suite FAILED; the last lines of $logs/$suite.log:"
      tail -n 80 "$logs/$suite.log"
      last_failure "$logs/$suite.log" 80
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$suite" "$lane" "$((start - began))" "$(($(date +%s) - start))" \
      "$result" >>"$logs/lane-$lane.tsv"
    echo "=== lane $lane: make $suite $result in $(($(date +%s) - start)) s"
  done
}

if [ "${1:-}" = --first ]; then
  # shellcheck disable=SC2086  # a list of suite names
  run_lane 0 $2
  shift 2
fi
lane=0
pids=()
for suites in "$@"; do
  lane=$((lane + 1))
  # shellcheck disable=SC2086  # a lane is a list of suite names
  run_lane "$lane" $suites &
  pids+=("$!")
done
for pid in "${pids[@]}"; do
  wait "$pid"
done
total=$(($(date +%s) - began))

cat "$logs"/lane-*.tsv >build/test-times.tsv
status=passed
grep -qv $'\tpassed$' build/test-times.tsv && status=FAILED
while IFS=$'\t' read -r suite _ _ _ result; do
  if [ "$result" = FAILED ]; then last_failure "$logs/$suite.log" 16; fi
done < build/test-times.tsv
echo
echo "make test: wall time per suite (lanes run at the same time)"
printf '%-20s %4s %9s %9s  %s\n' suite lane start time result
while IFS=$'\t' read -r suite lane start seconds result; do
  if [ "$start" = - ]; then
    shown=-
  else
    shown=$(printf '%dm%02ds' $((start / 60)) $((start % 60)))
  fi
  printf '%-20s %4s %9s %6dm%02ds  %s\n' "$suite" "$lane" "$shown" $((seconds / 60)) \
    $((seconds % 60)) "$result"
done < <(sort -t $'\t' -k2,2n -k3,3n build/test-times.tsv)
printf '%-20s %4s %9s %6dm%02ds  %s\n' total - - $((total / 60)) $((total % 60)) "$status"
[ "$status" = passed ]
