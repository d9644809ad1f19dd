# connect-ops/debian12 plus ccache, for the test suites that compile the same plain CPython again
# and again (Molecule default, site, upgrade, cluster; adoption; resilience). ccache sits first on
# PATH (Debian's /usr/lib/ccache: gcc, cc), so the role's build runs unchanged - same compiler,
# same flags, same objects - and a compile the cache has seen is a copy. The cache lives on the
# host (the Makefile mounts $CONNECT_OPS_CCACHE at /var/cache/ccache) and is shared by every
# container, suite and run. `make bench`, `make demo` and the PGO platform use connect-ops/debian12
# and friends, without it. Built from connect-ops/debian12 by scripts/build-image.sh debian12-ccache.
FROM connect-ops/debian12
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ccache >/dev/null \
 && apt-get clean
ENV PATH=/usr/lib/ccache:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CCACHE_DIR=/var/cache/ccache \
    CCACHE_MAXSIZE=4G
