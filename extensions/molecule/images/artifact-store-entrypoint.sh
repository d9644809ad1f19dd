#!/bin/sh
# Serve /srv/store at http://HOST:$STORE_PORT/ with WebDAV writes, every request behind basic
# auth as $STORE_USER / $STORE_PASSWORD (the password file holds only its hash). Values come from
# the environment; nothing is templated.
set -eu
: "${STORE_PORT:?}" "${STORE_USER:?}" "${STORE_PASSWORD:?}"
case "$STORE_PORT" in *[!0-9]*) echo "STORE_PORT must be a number" >&2; exit 2 ;; esac
case "$STORE_USER" in *:*|'') echo "STORE_USER must be a name without ':'" >&2; exit 2 ;; esac
mkdir -p /srv/store /var/lib/nginx/store-body
hash=$(printf '%s\n' "$STORE_PASSWORD" | openssl passwd -apr1 -stdin)
printf '%s:%s\n' "$STORE_USER" "$hash" > /etc/nginx/store.htpasswd
chmod 0640 /etc/nginx/store.htpasswd
chown root:www-data /etc/nginx/store.htpasswd
chown www-data /srv/store /var/lib/nginx/store-body
cat > /etc/nginx/store.conf <<CONF
user www-data;
worker_processes 1;
pid /run/nginx-store.pid;
error_log stderr;
events { worker_connections 256; }
http {
  access_log /dev/stdout;
  server {
    listen $STORE_PORT;
    root /srv/store;
    client_max_body_size 0;
    # on the store's file system: a PUT is renamed into place only once its body is complete
    client_body_temp_path /srv/store/.nginx-body;
    location / {
      auth_basic "artifact store";
      auth_basic_user_file /etc/nginx/store.htpasswd;
      dav_methods PUT DELETE MKCOL COPY MOVE;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
    location /.nginx-body { deny all; }
  }
}
CONF
exec nginx -c /etc/nginx/store.conf -g 'daemon off;'
