#!/usr/bin/env bash
# Fill a local CPython source mirror laid out like python.org's (DIR/VERSION/Python-VERSION.EXT)
# from Debian's source archive, whose .orig tarballs are byte-identical to python.org's, and check
# each against its known sha256. Downloads only what is missing.
#   scripts/source-mirror.sh DIR [VERSION ...]      (default: every version in the table)
set -euo pipefail
dir=${1:?usage: source-mirror.sh DIR [VERSION ...]}
shift
# version  debian-source-package  upstream-file  sha256
table='
2.7.18  python2.7  Python-2.7.18.tgz     da3080e3b488f648a3d7a4560ddee895284c3380b11d6de75edb986526b9a814
3.9.2   python3.9  Python-3.9.2.tar.xz   3c2034c54f811448f516668dce09d24008a0716c3a794dd8639b5388cbde247d
3.11.2  python3.11 Python-3.11.2.tgz     2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
3.13.5  python3.13 Python-3.13.5.tar.xz  93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640
3.13.15 python3.13 Python-3.13.15.tar.xz 1e66a7945a48390ee4c2a4268a0e4185884059a13c4aab6d148aa208deea4a76
'
# The host's Debian mirror, read from its apt sources rather than written into the project.
mirror=$( { grep -rhoE '^(URIs:|deb)\s+\S+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
  || true; } | awk '$2 ~ /\/debian\/?$/ {print $2; exit}')
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}

wanted=("$@")
while read -r version pkg file sum; do
  [ -n "$version" ] || continue
  if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $version "* ]]; then
    continue
  fi
  dest="$dir/$version/$file"
  if [ -f "$dest" ] && echo "$sum  $dest" | sha256sum -c --status; then
    continue
  fi
  ext=${file#Python-"$version"}
  case "$ext" in .tgz) orig="${pkg}_${version}.orig.tar.gz" ;; *) orig="${pkg}_${version}.orig${ext}" ;; esac
  mkdir -p "$dir/$version"
  echo "source-mirror: $file from Debian's $pkg"
  curl -fsS --retry 3 -o "$dest.part" "$mirror/pool/main/${pkg:0:1}/$pkg/$orig"
  if ! echo "$sum  $dest.part" | sha256sum -c --status; then
    echo "source-mirror: sha256 mismatch for $orig" >&2
    rm -f "$dest.part"
    exit 1
  fi
  mv "$dest.part" "$dest"
done <<<"$table"
echo "source-mirror: $dir ready"
