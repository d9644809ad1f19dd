# Debian 12 with the real rpm 4.18, zypper 1.14 (the Leap 15 series) and createrepo-c from
# Debian's archive (Debian's dnf-plugins-core breaks zypper, so EL has its own image, el-tools):
# tests/docker/test_package_managers.py runs python_build_deps against them and local rpm-md
# repositories. Built from connect-ops/debian12 by scripts/build-image.sh suse-tools.
FROM connect-ops/debian12
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      rpm zypper createrepo-c >/dev/null \
 && apt-get clean
# As on SUSE: one rpm database at /var/lib/rpm, which zypper uses (Debian's rpm keeps it in
# ~/.rpmdb).
RUN mkdir -p /etc/rpm && echo '%_dbpath /var/lib/rpm' > /etc/rpm/macros
