#!/usr/bin/env bash
# make adoption: what a team does with the README alone - build the collection tarball, install it
# into a new project directory outside this repository, write an inventory and a playbook, run
# site.yml and report.yml against a fresh container. Installs from the artifacts the Molecule
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
# The README links the guides: they ship with it.
for guide in install inventory lifecycle contents; do
  grep -qx "docs/site/guide/$guide.md" "$project/contents.txt" || {
    echo "adoption: the guide docs/site/guide/$guide.md is not in $tarball" >&2; exit 1; }
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
cat > connect.yml <<PLAY
- ansible.builtin.import_playbook: connect_ops.interpreters.site
  vars:
    python_build_versions: ["3.11.2"]
    python_build_source_url: http://127.0.0.1:${CONNECT_OPS_MIRROR_PORT:-8765}
    python_build_checksums: {"3.11.2": 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849}
    python_build_artifact_dir: ${CONNECT_OPS_ARTIFACTS:?}
    # The Molecule scenarios built plain artifacts: take those (a PGO build is a different artifact).
    python_build_optimizations: false
    connect_python_version_matching: major-minor
PLAY

echo "adoption: site.yml (README: Inventory and playbook)"
# community.docker, for this test's connection to the container, comes from the test venv.
ANSIBLE_COLLECTIONS_PATH="$project/collections:$(python -c 'import ansible_collections, os; print(os.path.dirname(ansible_collections.__path__[0]))')" \
  ansible-playbook -i inventory.ini connect.yml > site.log 2>&1 || { tail -40 site.log; exit 1; }
grep -q 'failed=0' site.log
echo "adoption: report.yml"
ANSIBLE_COLLECTIONS_PATH="$project/collections:$(python -c 'import ansible_collections, os; print(os.path.dirname(ansible_collections.__path__[0]))')" \
  ansible-playbook -i inventory.ini connect_ops.interpreters.report \
  -e '{"report_content_versions": ["3.11.7", "3.12.1"]}' > report.log 2>&1 || { tail -40 report.log; exit 1; }
for want in '/opt/Python/3.11.2/bin/python3     3.11.2   plain    configured, usable' \
            '3.11.7       -> /opt/Python/3.11.2/bin/python3 (3.11.2)' \
            '3.12.1       -> no match'; do
  grep -qF -- "$want" report.log || { echo "adoption: report lacks: $want" >&2; cat report.log; exit 1; }
done
echo "adoption: installed from $(basename "$tarball") into a new project; site.yml and report.yml passed"
