#!/usr/bin/env bash
# make ee: an execution environment for this collection, as ansible-builder makes one (no image
# is built). Builds the collection tarball, writes a build context with `ansible-builder create`,
# then installs the tarball the way the builder's stage does and has `ansible-builder introspect`
# read its meta/execution-environment.yml: the context must name the collection, and the
# dependencies must be the collection's controller-side ones (packaging), never ansible-core.
# Expects: ansible-builder and ansible-galaxy on PATH (the Makefile's venv).
set -euo pipefail
unset ANSIBLE_COLLECTIONS_PATH  # only what this script installs (else ansible-galaxy finds the checkout)
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/connect-ops-ee.XXXXXX")
trap 'rm -rf "$work"' EXIT

ansible-galaxy collection build "$repo" --output-path "$work/dist" --force >/dev/null
tarball=$(ls "$work"/dist/connect_ops-interpreters-*.tar.gz)
cat > "$work/execution-environment.yml" <<EE
---
version: 3
images:
  base_image:
    name: quay.io/ansible/awx-ee:latest
dependencies:
  galaxy:
    collections:
      - name: $tarball
        type: file
EE
ansible-builder create -f "$work/execution-environment.yml" -c "$work/context" >/dev/null
test -f "$work/context/Containerfile" || test -f "$work/context/Dockerfile" \
  || { echo "ee: no Containerfile in the context" >&2; exit 1; }
grep -q "connect_ops-interpreters" "$work/context/_build/requirements.yml" \
  || { echo "ee: the context's requirements.yml does not name the collection" >&2; exit 1; }

# What the builder stage does with it: install the collection, introspect its dependencies.
ansible-galaxy collection install --force "$tarball" -p "$work/installed" >/dev/null
test -f "$work/installed/ansible_collections/connect_ops/interpreters/meta/execution-environment.yml" \
  || { echo "ee: the collection did not install from $tarball" >&2; exit 1; }
ansible-builder introspect --sanitize "$work/installed" > "$work/deps.yml"
cat "$work/deps.yml"
python3 - "$work/deps.yml" <<'PY'
import sys
import yaml
deps = yaml.safe_load(open(sys.argv[1]))
python = [line.split('#')[0].strip() for line in deps.get('python') or []]
assert any(p.startswith('packaging>=') for p in python), 'packaging is not in %r' % python
assert not any(p.split('>')[0].split('=')[0].strip() in ('ansible', 'ansible-core') for p in python), \
    'ansible or ansible-core listed: %r' % python
assert not any('==' in p for p in python), 'a pin instead of a range: %r' % python
assert not deps.get('system'), 'unexpected system dependencies: %r' % deps.get('system')
print('ee: the context names the collection; its dependencies are %s, no system packages'
      % ', '.join(python))
PY
