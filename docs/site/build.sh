#!/usr/bin/env bash
# make docs: the collection's docs site. antsibull-docs writes the pages of every module, filter
# and role from their documentation, and the guides (the collection's extra docs: docs/docsite).
# Sphinx runs with warnings as errors. Output: build/docs/html/index.html.
# Expects: antsibull-docs and sphinx-build on PATH, ANSIBLE_COLLECTIONS_PATH with the collection.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${DOCS_OUT:-$repo/build/docs}
rst=$out/rst
rm -rf "$rst" && mkdir -p "$rst"
chmod og-w "$rst"  # antsibull-docs wants that directory only writable by itself
antsibull-docs --config-file "$here/antsibull-docs.cfg" collection --use-current \
  --dest-dir "$rst" connect_ops.interpreters
cp "$here/index.rst" "$here/ansible-references.rst" "$rst/"
sphinx-build -M html "$rst" "$out" -c "$here" -W --keep-going -q
echo "docs: $out/html/index.html"
