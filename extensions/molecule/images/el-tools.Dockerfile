# Debian 12 with the real rpm 4.18, dnf 4.14 (the EL 9 series), dnf-plugins-core 4.3 and
# createrepo-c from Debian's archive: tests/docker/test_package_managers.py runs python_build_deps
# against them and local rpm-md repositories ("real package managers against simulated
# repositories"). Built from connect-ops/debian12 by scripts/build-image.sh el-tools.
FROM connect-ops/debian12
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      rpm dnf dnf-plugins-core createrepo-c >/dev/null \
 && apt-get clean
# As on EL: one rpm database at /var/lib/rpm (Debian's rpm keeps it in ~/.rpmdb), no
# local-repository plugin (Debian's dnf-plugins-core turns it on; EL does not ship it in the base),
# and /etc/yum.repos.d for the repositories a test lays out.
RUN mkdir -p /etc/rpm /etc/yum.repos.d \
 && echo '%_dbpath /var/lib/rpm' > /etc/rpm/macros \
 && sed -i 's/^enabled.*/enabled = false/' /etc/dnf/plugins/local.conf
