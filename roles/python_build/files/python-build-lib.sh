#!/bin/sh
# Shared by compile-python.sh and install-artifact.sh (sourced, not run). Every value comes from
# the environment; nothing here is templated, so no input can become a command.
#
#   PB_VERSION  the version (3.11.2)            PB_PREFIX   ROOT/VERSION, never moved once there
#   PB_PYTHON   PREFIX/bin/python3 (or python)  PB_STAGE    ROOT/.staging-VERSION (same file system)
#   PB_WORK     a scratch directory             PB_LOG      the log; PB_LOG.phases holds progress
#   PB_LOCK     a lock file per version         PB_IMPORTS  modules to import, comma-separated
#
# PB_LOG.phases gets one line per event, read by the python_build_job action plugin:
#   pid PID | phase NAME EPOCH | failed MESSAGE | done SUMMARY | exit CODE

pb_require() {  # pb_require NAME...: every named variable must be set and non-empty
  for pb_name in "$@"; do
    eval "pb_value=\${$pb_name:-}"
    if [ -z "$pb_value" ]; then
      echo "python_build: $pb_name is not set" >&2
      exit 2
    fi
  done
}

pb_require PB_VERSION PB_PREFIX PB_PYTHON PB_STAGE PB_WORK PB_LOG PB_LOCK PB_IMPORTS
# Whatever the host's umask (027 on CIS-hardened hosts), everything under the prefix must be
# readable by the rstudio-connect user, who runs content with it.
umask 022
PB_PHASES="$PB_LOG.phases"

PB_STARTED=$(date +%s)
PB_SUMMARY=""
PB_PHASE=""
PB_PHASE_START=$PB_STARTED
# Runs in the new interpreter (Python 2.7 and 3.x): import each module named in argv[1]; with an
# argv[2], also require sys.prefix to be it.
PB_CHECK='import importlib, sys
for name in sys.argv[1].split(","):
    if name:
        importlib.import_module(name)
if len(sys.argv) > 2 and sys.prefix != sys.argv[2]:
    sys.exit("sys.prefix is %s, expected %s" % (sys.prefix, sys.argv[2]))'

# Runs in the new interpreter in an empty environment: its default SSL context must load CA
# certificates from the OS trust store and check host names, or HTTPS (pip, content) cannot work.
PB_TLS_CHECK='import sys
try:
    import ssl
except ImportError as exc:
    sys.exit("the ssl module is missing (%s): install the OpenSSL development package (libssl-dev, "
             "openssl-devel) and build again" % exc)
import os, re
ctx = ssl.create_default_context()
cas = ctx.cert_store_stats()["x509_ca"]
paths = ssl.get_default_verify_paths()
source = paths.openssl_cafile
if not cas and paths.capath and os.path.isdir(paths.capath):
    # Only a hashed directory (Debian 11 has no cert.pem): OpenSSL loads from it on demand, so
    # the store counts none yet; count the hashed links instead.
    cas = len([n for n in os.listdir(paths.capath) if re.match(r"^[0-9a-f]{8}[.][0-9]+$", n)])
    source = paths.capath + " (hashed, loaded on demand)"
if not cas:
    sys.exit("the default SSL context loads no CA certificate from the OS trust store (%s, %s): "
             "install ca-certificates" % (paths.openssl_cafile, paths.openssl_capath))
if not ctx.check_hostname or ctx.verify_mode != ssl.CERT_REQUIRED:
    sys.exit("the default SSL context does not verify certificates and host names")
print("tls: %s, %d CA certificates from %s, host names checked"
      % (ssl.OPENSSL_VERSION, cas, source))'

pb_event() {
  echo "$*" >> "$PB_PHASES"
}

phase() {  # phase NAME: close the previous phase (its duration goes into the summary), start NAME
  pb_now=$(date +%s)
  if [ -n "$PB_PHASE" ]; then
    PB_SUMMARY="$PB_SUMMARY $PB_PHASE=$((pb_now - PB_PHASE_START))s"
  fi
  PB_PHASE=$1
  PB_PHASE_START=$pb_now
  echo "== $1 ($(date -u +%H:%M:%S))" >> "$PB_LOG"
  pb_event "phase $1 $pb_now"
}

pb_fail() {  # pb_fail MESSAGE: report, discard the work and the staged tree, exit 1
  pb_why=$1
  # A disk that filled up during the build (another process, or a smaller disk than the check
  # saw) is the cause to name first, not a line inside the quoted log.
  if grep -q 'No space left on device' "$PB_LOG" 2>/dev/null; then
    pb_why="no space left on device during $PB_PHASE ($(df -Pk "$PB_WORK" "$(dirname "$PB_PREFIX")" 2>/dev/null | awk 'NR > 1 { printf "%s%s: %d MB free", sep, $6, $4 / 1024; sep = ", " }')): $1"
  fi
  echo "python_build: $pb_why for Python $PB_VERSION; full log: $PB_LOG" >&2
  pb_event "failed $pb_why for Python $PB_VERSION"
  rm -rf "$PB_WORK" "$PB_STAGE"
  exit 1
}

pb_begin() {  # take the version's lock, refuse an existing prefix, start from a clean slate
  mkdir -p "$(dirname "$PB_LOG")" "$(dirname "$PB_LOCK")"
  exec 9> "$PB_LOCK"
  if ! flock -n 9; then
    # Another run is building this version, and the progress file is its own: leave it alone
    # (the caller follows that run instead).
    echo "python_build: another run is installing Python $PB_VERSION (it holds $PB_LOCK)" >&2
    exit 75
  fi
  : > "$PB_PHASES"
  pb_event "pid $$"
  trap 'pb_event "exit $?"' EXIT
  if [ -e "$PB_PREFIX" ]; then
    pb_event "failed $PB_PREFIX exists; installations are never replaced"
    exit 1
  fi
  # Leftovers of an interrupted run are discarded, never reused.
  rm -rf "$PB_WORK" "$PB_STAGE"
  mkdir -p "$PB_WORK"
  : > "$PB_LOG"
}

pb_commit() {  # check the staged tree, rename it into place, check it again in an empty environment
  phase check
  LD_LIBRARY_PATH="$PB_STAGE$PB_PREFIX/lib" "$PB_STAGE$PB_PYTHON" -c "$PB_CHECK" "$PB_IMPORTS" \
    >> "$PB_LOG" 2>&1 || pb_fail "the new interpreter cannot import $PB_IMPORTS (missing build dependencies?)"
  # Durable: the staged files reach the disk before the rename, and the rename before the run
  # reports success (a power loss afterwards leaves the prefix complete, never empty files).
  sync -f "$PB_STAGE" 2>/dev/null || sync
  mv -T "$PB_STAGE$PB_PREFIX" "$PB_PREFIX" || pb_fail "could not move the staged tree to $PB_PREFIX"
  sync "$(dirname "$PB_PREFIX")" 2>/dev/null || sync
  echo "== check $PB_PREFIX in an empty environment" >> "$PB_LOG"
  if ! env -i "$PB_PYTHON" -c "$PB_CHECK" "$PB_IMPORTS" "$PB_PREFIX" >> "$PB_LOG" 2>&1; then
    mkdir -p "$PB_STAGE"
    mv -T "$PB_PREFIX" "$PB_STAGE/rejected"
    pb_fail "the installed interpreter does not run without LD_LIBRARY_PATH"
  fi
  phase tls
  if ! pb_tls=$(env -i "$PB_PYTHON" -c "$PB_TLS_CHECK" 2>&1); then
    echo "$pb_tls" >> "$PB_LOG"
    mkdir -p "$PB_STAGE"
    mv -T "$PB_PREFIX" "$PB_STAGE/rejected"
    pb_fail "TLS check: $(echo "$pb_tls" | tail -n 1)"
  fi
  echo "$pb_tls" >> "$PB_LOG"
  pb_event "tls $pb_tls"
  phase cleanup
  rm -rf "$PB_WORK" "$PB_STAGE"
  phase "done"
  pb_event "done installed Python $PB_VERSION at $PB_PREFIX in $(( $(date +%s) - PB_STARTED ))s:$PB_SUMMARY"
}
