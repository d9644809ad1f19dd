# A Debian image plus ccache, for the test suites that compile the same CPython again and again
# (Molecule default, site, upgrade, cluster and resilience on debian12-ccache; the platform scenario
# on debian11-ccache and debian13-ccache). ccache sits first on PATH (Debian's /usr/lib/ccache:
# gcc, cc), so the role's build runs unchanged - same compiler, same flags, same work directory,
# same objects - and a compile the cache has seen is a copy. The cache lives on the host (the
# Makefile mounts it at /var/cache/ccache). `make bench` and `make demo` use the plain images.
# sudo resets PATH to its secure_path and drops CCACHE_* from the environment, so a role run through
# become (the platform scenario) would compile without the cache, or into one inside the container:
# /etc/sudoers.d/ccache puts /usr/lib/ccache first there too, and /etc/ccache.conf (read whatever
# the environment) names the mounted cache.
# scripts/build-image.sh NAME-ccache builds it from connect-ops/NAME (BASE), and again when this
# file changes (the image carries this file's sum as a label).
ARG BASE=connect-ops/debian12
FROM ${BASE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ccache >/dev/null \
 && apt-get clean \
 && printf 'cache_dir = /var/cache/ccache\nmax_size = 4G\n' > /etc/ccache.conf \
 && if [ -d /etc/sudoers.d ]; then \
      echo 'Defaults secure_path="/usr/lib/ccache:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"' \
        > /etc/sudoers.d/ccache && chmod 0440 /etc/sudoers.d/ccache; \
    fi
ENV PATH=/usr/lib/ccache:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
