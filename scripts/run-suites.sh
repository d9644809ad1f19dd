#!/usr/bin/env bash
# make test: run each suite as `make SUITE`, in order, and end with a table of each suite's wall
# time and the total - also when a suite fails (the run stops there, as make does).
#   scripts/run-suites.sh SUITE...
# The table is also written to build/test-times.tsv (suite, seconds, result).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
mkdir -p build
table=build/test-times.tsv
: >"$table"
status=0
began=$(date +%s)
for suite in "$@"; do
  start=$(date +%s)
  echo "=== make $suite ($(date -u +%H:%M:%S) UTC)"
  if make --no-print-directory "$suite"; then
    result=passed
  else
    result=FAILED
    status=1
  fi
  printf '%s\t%s\t%s\n' "$suite" "$(($(date +%s) - start))" "$result" >>"$table"
  [ "$status" -eq 0 ] || break
done
total=$(($(date +%s) - began))
echo
echo "make test: wall time per suite"
printf '%-20s %9s  %s\n' suite time result
while IFS=$'\t' read -r suite seconds result; do
  printf '%-20s %5dm%02ds  %s\n' "$suite" $((seconds / 60)) $((seconds % 60)) "$result"
done <"$table"
printf '%-20s %5dm%02ds  %s\n' total $((total / 60)) $((total % 60)) "$([ "$status" -eq 0 ] && echo passed || echo FAILED)"
exit "$status"
