#!/bin/sh
# bootstrap.yml's read-only probe (run with ansible.builtin.script: no Python needed on the host):
# /etc/os-release, each candidate interpreter with its version, and the package managers present.
# plugins/module_utils/builds/bootstrap.py decides from this output.
cat /etc/os-release 2>/dev/null
for c in python3.13 python3.12 python3.11 python3.10 python3.9 python3 /usr/libexec/platform-python; do
  p=$(command -v "$c" 2>/dev/null) || continue
  v=$("$p" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
  echo "CONNECT_OPS_PYTHON $p $v"
done
for m in dnf microdnf yum apt-get zypper; do
  if command -v "$m" >/dev/null 2>&1; then
    echo "CONNECT_OPS_MANAGER $m"
  fi
done
exit 0
