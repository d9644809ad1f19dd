#!/usr/bin/env bash
# make core-newest: the ansible-facing unit tests, the integration tests and sanity under the newest ansible-core (2.21,
# pinned in requirements-test.txt) on the newest Python 3.12+ this machine has (PATH, then pyenv).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV_NEWEST:-.venv-newest}
newest=""
pyenv_pythons=$(printf '%s\n' "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python | sort -rV)
for candidate in $(command -v python3.14 python3.13 python3.12 2>/dev/null) $pyenv_pythons; do
  [ -x "$candidate" ] || continue
  if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    newest=$candidate
    break
  fi
done
if [ -z "$newest" ]; then
  echo "core-newest: ansible-core 2.20+ needs Python 3.12 or later on the controller; none found" >&2
  echo "core-newest: (on PATH as python3.12/13/14, or under pyenv); install one to run this suite" >&2
  exit 1
fi
echo "core-newest: $("$newest" --version) at $newest"
if [ ! -f "$venv/.installed" ] || [ requirements-test.txt -nt "$venv/.installed" ]; then
  rm -rf "$venv"
  "$newest" -m venv "$venv"
  "$venv/bin/pip" install --quiet -r requirements-test.txt
  touch "$venv/.installed"
fi
core=$("$venv/bin/python" -c 'from ansible.release import __version__; print(__version__)')
echo "core-newest: ansible-core $core"
# The tests whose outcome can depend on ansible-core: every playbook run (tests/integration), the
# modules (AnsibleModule), action and filter plugins, the roles' specs and the docs. The rest of
# tests/unit checks standard-library logic in module_utils and scripts that imports nothing from
# ansible-core; `make unit` runs it, and sanity below compiles it for every Python 2.21 supports.
PATH="$PWD/$venv/bin:$PATH" PYTHONPATH="$PWD/build/collections" \
  "$venv/bin/python" -m pytest -n 2 tests/integration tests/unit/plugins/action \
  tests/unit/plugins/filter tests/unit/plugins/modules tests/unit/plugins/plugin_utils tests/unit/roles \
  tests/unit/test_docs_contents.py tests/unit/plugins/module_utils/test_fleet_lifecycle.py \
  tests/unit/plugins/module_utils/test_release_data.py
# ansible-test needs the collection under ansible_collections/, outside this checkout, and a
# get-pip stand-in where ci-files.testing.ansible.com cannot be reached.
mkdir -p "$HOME/.ansible/test/cache"
for v in 24_2 25_2; do
  [ -s "$HOME/.ansible/test/cache/get_pip_$v.py" ] || cp scripts/get_pip_bootstrap.py "$HOME/.ansible/test/cache/get_pip_$v.py"
done
root=${TMPDIR:-/tmp}/connect_ops_sanity_newest
dir=$root/ansible_collections/connect_ops/interpreters
rm -rf "$root" && mkdir -p "$dir"
git ls-files --cached --others --exclude-standard | while read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done \
  | tar -cf - -T - | tar -C "$dir" -xf -
python=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
(cd "$dir" && PATH="$OLDPWD/$venv/bin:$PATH" ansible-test sanity --venv --python "$python" --color no)
echo "core-newest: passed under ansible-core $core on $("$newest" --version)"
