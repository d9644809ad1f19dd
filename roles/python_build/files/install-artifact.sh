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
mkdir -p "$PB_STAGE$PB_ROOT"
tar --use-compress-program=zstd -xf "$PB_ARTIFACT" -C "$PB_STAGE$PB_ROOT" >> "$PB_LOG" 2>&1 \
  || pb_fail "unpacking $PB_ARTIFACT failed"
[ -d "$PB_STAGE$PB_PREFIX" ] || pb_fail "$PB_ARTIFACT does not hold $PB_VERSION/"
pb_commit
