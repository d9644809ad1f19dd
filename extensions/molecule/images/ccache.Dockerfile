# A Debian image plus ccache, for the test suites that compile the same CPython again and again
# (Molecule default, site, upgrade, cluster and resilience on debian12-ccache; the platform scenario
# on debian11-ccache and debian13-ccache). ccache sits first on PATH (Debian's /usr/lib/ccache:
# gcc, cc), so the role's build runs unchanged - same compiler, same flags, same work directory,
# same objects - and a compile the cache has seen is a copy. The cache lives on the host (the
# Makefile mounts it at /var/cache/ccache). `make bench` and `make demo` use the plain images.
# scripts/build-image.sh NAME-ccache builds it from connect-ops/NAME (BASE).
ARG BASE=connect-ops/debian12
FROM ${BASE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ccache >/dev/null \
 && apt-get clean
ENV PATH=/usr/lib/ccache:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CCACHE_DIR=/var/cache/ccache \
    CCACHE_MAXSIZE=4G
