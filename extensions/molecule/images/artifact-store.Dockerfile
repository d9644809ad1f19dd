# An artifact store for the tests of python_build_artifact_url: Debian's nginx (its DAV module
# answers PUT, DELETE, MKCOL and MOVE, with the Overwrite header) behind basic auth, the way a
# site serves a WebDAV share (Artifactory and Nexus raw repositories answer PUT the same way).
# Built from connect-ops/debian12 by scripts/build-image.sh artifact-store; run with the
# environment artifact-store-entrypoint.sh reads (port, user, password) and /srv/store mounted.
FROM connect-ops/debian12
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx openssl >/dev/null \
 && apt-get clean
COPY artifact-store-entrypoint.sh /usr/local/bin/artifact-store-entrypoint
ENTRYPOINT ["/usr/local/bin/artifact-store-entrypoint"]
