#!/usr/bin/env bash
# A stand-in CPython release for the tests of monthly upgrades: FROM's source, renamed to TO and
# reporting TO (sys.version, sys.version_info, sys.hexversion), laid out in the source mirror
# like a real release (DIR/TO/Python-TO.tar.xz) with its sha256 beside it (.sha256). A site adds
# a release newer than the collection's table the same way: its tarball and its sum in
# python_build_checksums. Only two files change, so a compiler cache reuses the rest of FROM's
# objects. Deterministic: the same FROM gives the same tarball. Skips work already done.
#   scripts/standin-release.sh DIR FROM TO        e.g. DIR 3.13.15 3.13.99
set -euo pipefail
dir=${1:?usage: standin-release.sh DIR FROM TO}
from=${2:?usage: standin-release.sh DIR FROM TO}
to=${3:?usage: standin-release.sh DIR FROM TO}
for v in "$from" "$to"; do
  [[ "$v" =~ ^3\.[0-9]+\.[0-9]+$ ]] || { echo "standin-release: $v is not a 3.X.Y release" >&2; exit 2; }
done
[ "${from%.*}" = "${to%.*}" ] || { echo "standin-release: $from and $to are not of one series" >&2; exit 2; }
src="$dir/$from/Python-$from.tar.xz"
dest="$dir/$to/Python-$to.tar.xz"
[ -f "$src" ] || { echo "standin-release: $src is missing (make mirror)" >&2; exit 1; }
if [ -f "$dest" ] && [ -f "$dest.sha256" ] && echo "$(cat "$dest.sha256")  $dest" | sha256sum -c --status; then
  echo "standin-release: $dest ready"
  exit 0
fi
micro=${to##*.}
minor=${to#*.}
minor=${minor%.*}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xJf "$src"
mv "$work/Python-$from" "$work/Python-$to"
cat >"$work/version.h" <<BLOCK
/* connect_ops stand-in release: CPython $from's source, reporting $to (tests only) */
#undef PY_MICRO_VERSION
#define PY_MICRO_VERSION $micro
#undef PY_VERSION
#define PY_VERSION "$to"
#undef PY_VERSION_HEX
#define PY_VERSION_HEX ((3 << 24) | ($minor << 16) | ($micro << 8) | (0xF << 4) | 0)
BLOCK
patch_after() {  # FILE ANCHOR: the block after the line ANCHOR, which must be there
  local file="$work/Python-$to/$1"
  grep -qF "$2" "$file" || { echo "standin-release: $2 not found in $1" >&2; exit 1; }
  sed -i "\\|$2|r $work/version.h" "$file"
}
patch_after Python/getversion.c '#include "patchlevel.h"'
patch_after Python/sysmodule.c '#include "stdlib_module_names.h"'
mkdir -p "$dir/$to"
tar -C "$work" --sort=name --mtime='2026-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
  -cf - "Python-$to" | xz -6 -T1 >"$dest.part"
sha256sum "$dest.part" | cut -d' ' -f1 >"$dest.sha256"
mv "$dest.part" "$dest"
echo "standin-release: $dest ($(cat "$dest.sha256"))"
