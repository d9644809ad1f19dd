#!/bin/sh
# Install CPython from a verified artifact (a packed, checked prefix from the platform's builder)
# through the same staging directory and checks as a compile. Values come from the environment
# (see python-build-lib.sh, plus PB_ARTIFACT). Nothing is templated.
set -eu
# shellcheck source=python-build-lib.sh
. "$(dirname "$0")/python-build-lib.sh"
pb_require PB_ARTIFACT
PB_ROOT=$(dirname "$PB_PREFIX")

pb_begin
phase unpack-artifact
# Whoever can write to the store must not be able to plant a setuid program, a device or a FIFO
# under the install root of every host: such members are refused before anything is unpacked
# (the member named), and the archive's owners are never kept (--no-same-owner: root's files).
special=$(tar --use-compress-program=zstd -tvf "$PB_ARTIFACT" --numeric-owner 2>> "$PB_LOG" | awk '
  { mode = $1; name = $0; for (i = 0; i < 5; i++) sub(/^[^ ]+ +/, "", name) }
  substr(mode, 1, 1) ~ /[cbps]/ { print "special (device, FIFO or socket)|" name; exit }
  substr(mode, 4, 1) ~ /[sS]/ { print "setuid|" name; exit }
  substr(mode, 7, 1) ~ /[sS]/ { print "setgid|" name; exit }') \
  || pb_fail "listing $PB_ARTIFACT failed"
if [ -n "$special" ]; then
  pb_fail "$PB_ARTIFACT holds a ${special%%|*} member, refused: ${special#*|}"
fi
mkdir -p "$PB_STAGE$PB_ROOT"
tar --use-compress-program=zstd --no-same-owner -xf "$PB_ARTIFACT" -C "$PB_STAGE$PB_ROOT" \
  >> "$PB_LOG" 2>&1 || pb_fail "unpacking $PB_ARTIFACT failed"
[ -d "$PB_STAGE$PB_PREFIX" ] || pb_fail "$PB_ARTIFACT does not hold $PB_VERSION/"
pb_commit
