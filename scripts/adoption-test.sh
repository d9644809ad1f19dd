#!/usr/bin/env bash
# make adoption: what a team does with the README alone - build the collection tarball, install it
# into a new project directory outside this repository, write an inventory, then run the README's
# quick start as written (scripts/readme-quickstart.py: its connect.yml and its commands -
# bootstrap twice, --check --diff, the run, report.yml) against a fresh container. Installs from the artifacts the Molecule
# scenarios compiled in this run (artifact mode), so nothing compiles again.
# Expects: the venv on PATH, the source mirror on 127.0.0.1:$CONNECT_OPS_MIRROR_PORT, Docker, the
# image connect-ops/$MOLECULE_DISTRO and $CONNECT_OPS_ARTIFACTS (the Makefile provides them).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
container=connect-ops-adoption
image=connect-ops/${MOLECULE_DISTRO:-debian12}
project=$(mktemp -d "${TMPDIR:-/tmp}/connect-ops-adoption.XXXXXX")
cleanup() {
  docker rm -f "$container" >/dev/null 2>&1 || true
  rm -rf "$project"
}
trap cleanup EXIT
unset ANSIBLE_COLLECTIONS_PATH  # only what the project installs

echo "adoption: building the tarball"
ansible-galaxy collection build "$repo" --output-path "$project/dist" --force >/dev/null
tarball=$(ls "$project"/dist/connect_ops-interpreters-*.tar.gz)
tar -tzf "$tarball" > "$project/contents.txt"
grep -qx LICENSE "$project/contents.txt" || { echo "adoption: LICENSE is not in $tarball" >&2; exit 1; }
# The guides are the collection's extra docs: they ship with it, listed in extra-docs.yml.
for guide in "$repo"/docs/docsite/extra-docs.yml "$repo"/docs/docsite/links.yml "$repo"/docs/docsite/rst/*.rst; do
  guide=docs/docsite/${guide#*/docs/docsite/}
  grep -qx "$guide" "$project/contents.txt" || {
    echo "adoption: $guide is not in $tarball" >&2; exit 1; }
done
if grep -qE '^(tests|extensions|build|\.venv[^/]*|Makefile)(/|$)' "$project/contents.txt"; then
  echo "adoption: build outputs or the test harness are in $tarball" >&2
  exit 1
fi

echo "adoption: a new project in $project installs it (README: Install)"
cd "$project"
cat > requirements.yml <<REQ
collections:
  - name: connect_ops.interpreters
    type: file
    source: $tarball
REQ
ansible-galaxy collection install -r requirements.yml -p ./collections >/dev/null
cat > ansible.cfg <<CFG
[defaults]
collections_path = ./collections
CFG

docker rm -f "$container" >/dev/null 2>&1 || true
docker run -d --name "$container" --network host "$image" sleep infinity >/dev/null
cat > inventory.ini <<INV
[connect]
$container ansible_connection=community.docker.docker ansible_python_interpreter=/usr/bin/python3
INV
# What this site differs in from the README's (extra variables win over the playbook's own): no
# Internet, so the local source mirror and the artifacts the Molecule scenarios compiled in this
# run (plain builds, one version the mirror has: the README asks for the 3.11 and 3.12 series,
# whose newest releases no mirror here holds), and content versions for the report.
cat > offline.yml <<VARS
python_build_versions: ["3.11.2"]
python_build_source_url: http://127.0.0.1:${CONNECT_OPS_MIRROR_PORT:-8765}
python_build_checksums: {"3.11.2": 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849}
python_build_artifact_dir: ${CONNECT_OPS_ARTIFACTS:?}
python_build_optimizations: false
report_content_versions: ["3.11.7", "3.12.1"]
VARS

echo "adoption: the README's quick start, as written (its connect.yml and its commands)"
# community.docker, for this test's connection to the container, comes from the test venv.
collections="$project/collections:$(python -c 'import ansible_collections, os; print(os.path.dirname(ansible_collections.__path__[0]))')"
ANSIBLE_COLLECTIONS_PATH=$collections \
  python "$repo/scripts/readme-quickstart.py" "$repo/README.md" "$project" "$project/offline.yml" until-check
# --check --diff changed nothing
if docker exec "$container" test -e /opt/Python; then
  echo "adoption: the quick start's --check --diff run created /opt/Python" >&2
  exit 1
fi
ANSIBLE_COLLECTIONS_PATH=$collections \
  python "$repo/scripts/readme-quickstart.py" "$repo/README.md" "$project" "$project/offline.yml" after-check
report=$(find "$project" -maxdepth 1 -name 'quickstart-*.log' | sort -V | tail -n 1)
for want in '/opt/Python/3.11.2/bin/python3     3.11.2   plain    configured, usable' \
            '3.11.7       -> /opt/Python/3.11.2/bin/python3 (3.11.2)' \
            '3.12.1       -> no match'; do
  grep -qF -- "$want" "$report" || { echo "adoption: report lacks: $want" >&2; cat "$report"; exit 1; }
done
echo "adoption: installed from $(basename "$tarball") into a new project; the README's quick start passed"
