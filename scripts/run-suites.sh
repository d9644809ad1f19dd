#!/usr/bin/env bash
# make test: run the suites as `make SUITE`, in lanes, and end with a table of each suite's wall
# time and the total - also when a suite fails.
#   scripts/run-suites.sh [--first "SUITE ..."] "SUITE SUITE ..." ["SUITE ..." ...]
# --first: suites run before the lanes (what every lane needs). Each other argument is a lane: its suites run one after the other; the lanes run at the same time
# (much of a suite's time is waiting - on containers, apt, a network - not computing). A failed
# suite stops its lane and lets every other lane finish only the suite it is running. A lane's
# "after:SUITE" waits until SUITE (in another lane) has passed. Each suite's
# output goes to build/test-logs/SUITE.log; a failed suite's last lines are printed. The table is
# also written to build/test-times.tsv (suite, lane, started after s, seconds, result, and how busy
# the machine's CPUs were, in percent, while the suite ran: near 100 while two lanes run means
# only less work makes the run shorter, not another lane).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
logs=build/test-logs
mkdir -p "$logs"
rm -f "$logs"/*.log "$logs"/.stop "$logs"/.passed-* "$logs"/lane-*.tsv
began=$(date +%s)

# All CPUs' busy and idle time since boot, in ticks (/proc/stat's first line).
cpu_ticks() {
  local _ user nice system idle iowait irq softirq steal
  read -r _ user nice system idle iowait irq softirq steal _ </proc/stat
  echo "$((user + nice + system + irq + softirq + steal)) $((idle + iowait))"
}

# Percent of CPU time busy between two cpu_ticks readings.
busy_percent() {
  local busy=$(($3 - $1)) idle=$(($4 - $2))
  if [ $((busy + idle)) -gt 0 ]; then echo $((100 * busy / (busy + idle))); else echo -; fi
}
began_ticks=$(cpu_ticks)

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
  local suite start result ticks
  for suite in "$@"; do
    if [ "${suite#after:}" != "$suite" ]; then
      until [ -e "$logs/.passed-${suite#after:}" ] || [ -e "$logs/.stop" ]; do
        sleep 5
      done
      continue
    fi
    if [ -e "$logs/.stop" ]; then
      printf '%s\t%s\t-\t0\tnot run\t-\n' "$suite" "$lane" >>"$logs/lane-$lane.tsv"
      continue
    fi
    start=$(date +%s)
    ticks=$(cpu_ticks)
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
    # shellcheck disable=SC2046,SC2086  # four numbers
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$suite" "$lane" "$((start - began))" "$(($(date +%s) - start))" \
      "$result" "$(busy_percent $ticks $(cpu_ticks))" >>"$logs/lane-$lane.tsv"
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
# shellcheck disable=SC2046,SC2086  # four numbers
total_busy=$(busy_percent $began_ticks $(cpu_ticks))

cat "$logs"/lane-*.tsv >build/test-times.tsv
status=passed
awk -F '\t' '$5 != "passed" {bad = 1} END {exit !bad}' build/test-times.tsv && status=FAILED
while IFS=$'\t' read -r suite _ _ _ result _; do
  if [ "$result" = FAILED ]; then last_failure "$logs/$suite.log" 16; fi
done < build/test-times.tsv
echo
echo "make test: wall time per suite (lanes run at the same time; cpu: how busy all CPUs were meanwhile)"
printf '%-21s %4s %9s %9s %4s  %s\n' suite lane start time cpu result
while IFS=$'\t' read -r suite lane start seconds result busy; do
  if [ "$start" = - ]; then
    shown=-
  else
    shown=$(printf '%dm%02ds' $((start / 60)) $((start % 60)))
  fi
  printf '%-21s %4s %9s %6dm%02ds %3s%%  %s\n' "$suite" "$lane" "$shown" $((seconds / 60)) \
    $((seconds % 60)) "${busy:--}" "$result"
done < <(sort -t $'\t' -k2,2n -k3,3n build/test-times.tsv)
printf '%-21s %4s %9s %6dm%02ds %3s%%  %s\n' total - - $((total / 60)) $((total % 60)) "$total_busy" "$status"
[ "$status" = passed ]
