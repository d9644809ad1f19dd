#!/usr/bin/env bash
# make demo: provision interpreters into a throwaway Debian 12 container, configure Connect there,
# then print what Connect would see. KEEP=1 keeps the container (connect-ops-demo).
# Expects: the venv on PATH, ANSIBLE_COLLECTIONS_PATH set, the source mirror served on
# 127.0.0.1:$CONNECT_OPS_MIRROR_PORT (the Makefile does all three).
set -euo pipefail
cd "$(dirname "$0")/.."
container=connect-ops-demo
image=connect-ops/${MOLECULE_DISTRO:-debian12}
work=$(mktemp -d "${TMPDIR:-/tmp}/connect-ops-demo.XXXXXX")
cleanup() {
  rm -rf "$work"
  if [ "${KEEP:-0}" = 1 ]; then
    echo "demo: keeping container $container (docker rm -f $container removes it)"
  else
    docker rm -f "$container" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

docker rm -f "$container" >/dev/null 2>&1 || true
docker run -d --name "$container" --network host "$image" sleep infinity >/dev/null
cat > "$work/inventory.ini" <<INV
[connect]
$container ansible_connection=community.docker.docker ansible_python_interpreter=/usr/bin/python3
INV
cat > "$work/vars.yml" <<VARS
python_build_versions: ["3.13.5", "3.13", "3.11.2"]
python_build_source_url: http://127.0.0.1:${CONNECT_OPS_MIRROR_PORT:-8765}
# Plain builds keep the demo short; DEMO_OPTIMIZE=true builds with the role's default (PGO).
python_build_optimizations: ${DEMO_OPTIMIZE:-false}
# The local mirror has 3.11.2 only as .tgz (Debian's .orig); its python.org sum picks that format.
python_build_checksums: {"3.11.2": 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849}
connect_python_version_matching: major-minor
report_content_versions: ["3.13.7", "3.13.20", "3.11.2", "3.12.1", "~=3.13.0"]
VARS
export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml ANSIBLE_DISPLAY_SKIPPED_HOSTS=false
start=$(date +%s)
echo "== site.yml: build 3.13.5, 3.13 (its newest known patch) and 3.11.2, register them with Connect"
ansible-playbook -i "$work/inventory.ini" -e "@$work/vars.yml" playbooks/site.yml
echo "== site.yml took $(( $(date +%s) - start )) s"
echo "== report.yml: what Connect sees"
ANSIBLE_STDOUT_CALLBACK=ansible.builtin.json \
  ansible-playbook -i "$work/inventory.ini" -e "@$work/vars.yml" playbooks/report.yml \
  | python3 scripts/show-debug-messages.py "Show the report" "Show the fleet view"
echo "== the [Python] section Connect reads (/etc/rstudio-connect/rstudio-connect.gcfg)"
docker exec "$container" cat /etc/rstudio-connect/rstudio-connect.gcfg
