#!/usr/bin/env bash
# Build a minimal Debian base image with debootstrap (no registry is needed) and import it.
#   scripts/build-image.sh NAME      the image is connect-ops/NAME (extensions/molecule/images/README.md)
# debian11, debian12 and debian13 are built with debootstrap; NAME-ccache from NAME and ccache.Dockerfile;
# the others from extensions/molecule/images/NAME.Dockerfile.
# The image trusts the host's extra CA anchors (TLS-intercepting proxies) and carries python3 so
# Ansible can manage it. Skips the build when the image already exists.
set -euo pipefail
name=${1:?usage: build-image.sh debian11|debian12|debian13}
image=connect-ops/$name
ccache_dockerfile=$(dirname "$0")/../extensions/molecule/images/ccache.Dockerfile
want=""
case "$name" in
  # a -ccache image is built again when ccache.Dockerfile changes: it carries the file's sum
  *-ccache) want=$(sha256sum < "$ccache_dockerfile" | cut -d' ' -f1) ;;
esac
if docker image inspect "$image" >/dev/null 2>&1; then
  have=$(docker image inspect -f '{{ index .Config.Labels "connect-ops.dockerfile-sha256" }}' "$image" 2>/dev/null || true)
  if [ -z "$want" ] || [ "$have" = "$want" ]; then
    echo "build-image: $image present"
    exit 0
  fi
  echo "build-image: $image was built from another ccache.Dockerfile; building it again"
fi
dockerfile=$(dirname "$0")/../extensions/molecule/images/$name.Dockerfile
case "$name" in
  *-ccache)
    # NAME plus ccache first on PATH (extensions/molecule/images/ccache.Dockerfile).
    base=${name%-ccache}
    "$0" "$base"
    docker build --quiet --build-arg "BASE=connect-ops/$base" -t "$image" \
      --label "connect-ops.dockerfile-sha256=$want" -f "$ccache_dockerfile" \
      "$(dirname "$0")/../extensions/molecule/images" >/dev/null
    echo "build-image: $image built from connect-ops/$base and ccache.Dockerfile"
    exit 0 ;;
  debian11) suite=bullseye ;;
  debian12) suite=bookworm ;;
  debian13) suite=trixie ;;
  *) # Other platforms start from a public image (see extensions/molecule/images/README.md).
     if [ ! -f "$dockerfile" ]; then
       echo "build-image: no image for '$name' (extensions/molecule/images/README.md lists the platforms)" >&2
       exit 1
     fi
     if ! docker build --quiet -t "$image" -f "$dockerfile" "$(dirname "$dockerfile")" >/dev/null; then
       echo "build-image: $name needs its public base image (extensions/molecule/images/$name.Dockerfile);" \
            "pull it where a registry is reachable, or tag an image as $image" >&2
       exit 1
     fi
     echo "build-image: $image built from $dockerfile"
     exit 0 ;;
esac
if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
# The host's Debian mirror, read from its apt sources rather than written into the project.
mirror=$( { grep -rhoE '^(URIs:|deb)\s+\S+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
  || true; } | awk '$2 ~ /\/debian\/?$/ {print $2; exit}')
mirror=${mirror:-http://deb.debian.org/debian}
rootfs=$(mktemp -d "${TMPDIR:-/tmp}/rootfs-$suite.XXXXXX")
trap 'rm -rf "$rootfs"' EXIT
echo "build-image: debootstrap $suite from $mirror"
debootstrap --variant=minbase --include=python3,ca-certificates,sudo,procps \
  "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || { tail -30 "$rootfs.log" >&2; exit 1; }
rm -f "$rootfs.log"
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  chroot "$rootfs" update-ca-certificates >/dev/null
fi
# Only the binary archive of the same suite; apt-get clean keeps the image small.
chroot "$rootfs" apt-get clean
tar -C "$rootfs" -c . | docker import \
  --change 'CMD ["sleep", "infinity"]' --change 'ENV LANG=C.UTF-8' - "$image" >/dev/null
echo "build-image: $image built"
