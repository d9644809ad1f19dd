#!/bin/sh
# Compile CPython from a verified source tarball into a staging directory, check it, then move it
# to its prefix in one rename: the prefix is either absent or complete. Values come from the
# environment (see python-build-lib.sh, plus PB_TARBALL, PB_JOBS (ignored when MAKEFLAGS names a
# jobserver), PB_OPENSSL, the prefix of a site-provided OpenSSL, empty for the system's, and
# PB_RECIPE, the plan's changes to the generated Makefile, space-separated names);
# configure arguments (the optimization flags the plan chose, then the site's) come as argv.
# Nothing is templated.
set -eu
# shellcheck source=python-build-lib.sh
. "$(dirname "$0")/python-build-lib.sh"
pb_require PB_TARBALL PB_JOBS
case $PB_JOBS in
  *[!0-9]* | 0) echo "python_build: PB_JOBS must be a positive number, got $PB_JOBS" >&2; exit 2 ;;
esac

pb_begin
phase unpack
tar -xf "$PB_TARBALL" -C "$PB_WORK" --strip-components=1 >> "$PB_LOG" 2>&1 \
  || pb_fail "unpacking $PB_TARBALL failed"
cd "$PB_WORK"
phase configure
# A site's LDFLAGS= or CPPFLAGS= among the extra arguments is merged into the script's own (the
# rpath must stay, and autoconf keeps only the last assignment of a variable).
PB_SITE_LDFLAGS=""
PB_SITE_CPPFLAGS=""
pb_count=$#
for pb_arg in "$@"; do
  case $pb_arg in
    LDFLAGS=*) PB_SITE_LDFLAGS="${PB_SITE_LDFLAGS:+$PB_SITE_LDFLAGS }${pb_arg#LDFLAGS=}" ;;
    CPPFLAGS=*) PB_SITE_CPPFLAGS="${PB_SITE_CPPFLAGS:+$PB_SITE_CPPFLAGS }${pb_arg#CPPFLAGS=}" ;;
    *) set -- "$@" "$pb_arg" ;;
  esac
done
shift "$pb_count"
PB_LDFLAGS="-Wl,-rpath=$PB_PREFIX/lib,--disable-new-dtags"
PB_CPPFLAGS=""
if [ -n "${PB_OPENSSL:-}" ]; then
  # A site-provided OpenSSL: headers and libraries from its prefix, found again at run time
  # through the rpath (the interpreter still runs in an empty environment).
  [ -f "$PB_OPENSSL/include/openssl/ssl.h" ] \
    || pb_fail "PB_OPENSSL ($PB_OPENSSL) has no include/openssl/ssl.h"
  PB_LDFLAGS="-L$PB_OPENSSL/lib -Wl,-rpath=$PB_OPENSSL/lib $PB_LDFLAGS"
  PB_CPPFLAGS="-I$PB_OPENSSL/include"
  if ./configure --help 2>/dev/null | grep -q -- '--with-openssl='; then
    set -- --with-openssl="$PB_OPENSSL" "$@"
  fi
fi
PB_LDFLAGS="$PB_LDFLAGS${PB_SITE_LDFLAGS:+ $PB_SITE_LDFLAGS}"
PB_CPPFLAGS="$PB_CPPFLAGS${PB_SITE_CPPFLAGS:+${PB_CPPFLAGS:+ }$PB_SITE_CPPFLAGS}"
./configure --prefix="$PB_PREFIX" --enable-shared --enable-ipv6 "$@" \
  LDFLAGS="$PB_LDFLAGS" CPPFLAGS="$PB_CPPFLAGS" >> "$PB_LOG" 2>&1 \
  || pb_fail "configure failed"
# The recipe's changes to the generated Makefile (PB_RECIPE, chosen by the build plan:
# plugins/module_utils/builds/build_flags.py says why each is made). Each one either applies or fails.
for pb_change in ${PB_RECIPE:-}; do
  case $pb_change in
    static-interpreter)
      # bin/python3.X is linked from libpython's objects (what configure links without
      # --enable-shared); libpython3.X.so is still built and installed, for embedders.
      # shellcheck disable=SC2016  # make's $(...) references, not the shell's
      sed -i 's|^\(\t\$(LINKCC) .* -o \$@ Programs/python\.o \)\$([A-Z_]*)|\1$(LIBRARY_OBJS)|' Makefile
      # shellcheck disable=SC2016
      grep -q '^	$(LINKCC) .* -o $@ Programs/python\.o $(LIBRARY_OBJS) ' Makefile \
        || pb_fail "static-interpreter: this Makefile has no python link rule of the known form" ;;
    lto-partitioned)
      # As upstream 3.14 (gh-132257): LTO in partitions, not in one process.
      sed -i 's/ -flto-partition=none//g' Makefile
      ! grep -q -- '-flto-partition=none' Makefile \
        || pb_fail "lto-partitioned: -flto-partition=none is still in the Makefile" ;;
    lto-jobserver)
      # Recipes that link ($(BLDSHARED), $(LINKCC)) become recursive (+): make leaves them its
      # jobserver, and GCC's -flto runs its partitions in the budget's slots through it.
      if ! awk -f "$(dirname "$0")/mark-link-recipes.awk" Makefile > Makefile.pb \
        || ! mv Makefile.pb Makefile; then
        pb_fail "lto-jobserver: could not mark the link recipes"
      fi ;;
    bolt-executable)
      # BOLT rewrites the executable, which carries the runtime; libpython3.X.so stays as LTO made
      # it (the training never loads it, and an instrumented one crashes test_embed: gh-128473).
      # shellcheck disable=SC2016
      sed -i 's/^BOLT_BINARIES[[:space:]]*:\{0,1\}=.*/BOLT_BINARIES := $(BUILDPYTHON)/' Makefile
      # shellcheck disable=SC2016
      grep -q '^BOLT_BINARIES := $(BUILDPYTHON)$' Makefile \
        || pb_fail "bolt-executable: this Makefile has no BOLT_BINARIES (a CPython without BOLT?)" ;;
    *) pb_fail "unknown recipe change $pb_change in PB_RECIPE" ;;
  esac
  echo "== recipe: $pb_change" >> "$PB_LOG"
done
# CPython 3.5-3.11 build their extension modules with setup.py, which starts os.cpu_count()
# compilers, outside the job budget, whenever MAKEFLAGS contains "-j" (a jobserver's
# --jobserver-auth does). distutils reads setup.cfg from the build directory: one worker keeps
# setup.py to the slot its make recipe holds. Older distutils (2.7, 3.4) have no such option,
# and their setup.py builds serially anyway.
if [ -f setup.py ] && grep -q 'self.parallel = True' setup.py && [ ! -e setup.cfg ]; then
  printf '[build_ext]\nparallel = 1\n' > setup.cfg
fi
# A PGO build (configure's --enable-optimizations makes "all" the profile-opt target) trains
# through pgo-train.py, which runs the Makefile's own PROFILE_TASK with as many test workers as the
# job budget has free slots (upstream trains in one process). The copy in the build tree keeps the site's paths out of make's recipe.
# The instrumented interpreter only runs the training and is then thrown away: it is built
# without LTO and without debug information (a fraction of the time with --with-lto). The
# optimized build gets the same profile: GCC writes and reads it before LTO, and -g changes no code.
set --
if grep -Eq '^all:[[:space:]]+(profile-opt|bolt-opt)[[:space:]]*$' Makefile; then
  cp "$(dirname "$0")/pgo-train.py" pb-pgo-train.py || pb_fail "cannot copy pgo-train.py"
  set -- "PROFILE_TASK=pb-pgo-train.py $(sed -n 's/^PROFILE_TASK=[[:space:]]*//p' Makefile)"
  pb_gen=$(sed -n 's/^PGO_PROF_GEN_FLAG=[[:space:]]*//p' Makefile)
  if [ -n "$pb_gen" ]; then
    set -- "$@" "PGO_PROF_GEN_FLAG=$pb_gen -fno-lto -g0"
  fi
fi
PB_TRAIN_JOBS=$PB_JOBS
export PB_TRAIN_JOBS
phase make
case ${MAKEFLAGS:-} in
  # Started by the job driver: make takes its compilers from the budget all the jobs share.
  *--jobserver-auth=*)
    # The training takes its extra slots through this shell's own descriptors of the pipe: make
    # closes the jobserver's descriptors in recipes that are not sub-makes.
    pb_auth=${MAKEFLAGS##*--jobserver-auth=}
    pb_auth=${pb_auth%% *}
    case $pb_auth in
      fifo:?*) PB_TRAIN_READ=${pb_auth#fifo:}; PB_TRAIN_WRITE=$PB_TRAIN_READ ;;
      *[!0-9,]* | *,*,* | ,* | *,) PB_TRAIN_READ=""; PB_TRAIN_WRITE="" ;;
      *,*) PB_TRAIN_READ=/proc/$$/fd/${pb_auth%,*}; PB_TRAIN_WRITE=/proc/$$/fd/${pb_auth#*,} ;;
      *) PB_TRAIN_READ=""; PB_TRAIN_WRITE="" ;;
    esac
    export PB_TRAIN_READ PB_TRAIN_WRITE
    make "$@" >> "$PB_LOG" 2>&1 || pb_fail "make failed" ;;
  *) make -j"$PB_JOBS" "$@" >> "$PB_LOG" 2>&1 || pb_fail "make failed" ;;
esac
phase install
# Serially and outside the jobserver, as upstream expects: CPython's install targets race when
# run in parallel (python/cpython#102007, #109796, bpo-36464).
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make install DESTDIR="$PB_STAGE" >> "$PB_LOG" 2>&1 \
  || pb_fail "make install failed"
pb_commit
