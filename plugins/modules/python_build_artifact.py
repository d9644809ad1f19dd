#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: python_build_artifact
short_description: Fetch a verified CPython build from a site's artifact store, or publish one to it
version_added: 0.5.0
author: connect_ops contributors (@connect-ops)
description:
  - Talks to an artifact store laid out like the python_build role's C(python_build_artifact_dir)
    - C(URL/PLATFORM/STEM.tar.zst), C(STEM.sha256) and the manifest C(STEM.json), written last -
    over C(https://), C(http://) (Artifactory or Nexus raw repositories, WebDAV, any web server)
    or C(file://) (a shared mount). The host itself fetches and uploads; nothing passes through
    the controller.
  - O(operation=inspect) reads the manifest and the C(.sha256) and reports RV(status) -
    C(present), C(missing) (never published, or an upload that did not finish) or C(damaged) (a
    manifest of other flags, or sums that disagree). With O(dest), it also downloads the archive
    and checks its sum, as O(operation=fetch) does, but reports a bad archive as C(damaged)
    instead of failing (what the platform's builder does before it republishes).
  - O(operation=fetch) downloads the archive to O(dest) through a temporary file, which becomes
    O(dest) only when its sha256 is the manifest's, the C(.sha256)'s and O(pin)'s. Fails, naming
    the URL and the cause, on anything else; O(dest) is then untouched.
  - O(operation=publish) uploads O(src) with HTTP C(PUT) (or writes it, for C(file://)) - archive
    and C(.sha256) under temporary names moved into place with WebDAV C(MOVE), or written to
    their final names where the server has no C(MOVE) (a small probe finds that out first, so
    the archive goes up once), the manifest always last. A reader never sees a half-uploaded
    artifact as complete. Where the store already holds a verified artifact of the version and
    build (another play published it first), nothing is uploaded.
  - Two builders publishing at once end with one artifact that verifies. With C(MOVE) (and on a
    C(file://) share, with or without hard links) the second finds the first's archive in place
    and waits for its manifest. Without C(MOVE) the last writer of each file wins; each builder
    lets the store settle, checks what it holds and writes its own files again where the two
    got mixed, and fails with C(kind=race) if they stay mixed after five writes.
  - Redirects are never followed (they would carry the credentials elsewhere).
options:
  operation:
    description: What to do.
    type: str
    choices: [inspect, fetch, publish]
    default: fetch
  url:
    description:
      - The store's base URL, C(https://), C(http://) or C(file:///PATH). No credentials, query or
        fragment in it.
    type: str
    required: true
  platform:
    description: The platform directory under O(url), as the P(connect_ops.interpreters.python_build_platform#filter) filter names it.
    type: str
    required: true
  name:
    description: The artifact's stem, such as C(cpython-3.11.2) or C(cpython-3.13.5-pgo-lto).
    type: str
    required: true
  version:
    description: The CPython version the manifest must record.
    type: str
    required: true
  build:
    description: The build (flags) the manifest must record - C(plain), C(pgo-lto), ...
    type: str
    default: plain
  dest:
    description: Where the archive is downloaded to on the host (O(operation=fetch); optional for O(operation=inspect)).
    type: path
  src:
    description: The archive to publish (O(operation=publish)).
    type: path
  manifest:
    description:
      - What the published manifest records besides C(version), C(build) and C(sha256) (which
        this module sets), such as C(configure_args), C(source_sha256), C(built_on).
    type: dict
    default: {}
  identity:
    description:
      - The inputs of this host's build of O(version) - C(version), C(source_sha256), C(prefix),
        C(configure_args), C(recipe), C(openssl) - as the role's plan gives them.
      - With it, O(operation=publish) records it and its fingerprint in the manifest and replaces
        an artifact of other inputs; O(operation=inspect) reports such an artifact as C(damaged),
        and O(operation=fetch) refuses it, naming each input that differs (an artifact built for
        another install prefix points its rpath and C(_sysconfigdata) there). A manifest without
        one (published before artifacts carried it) counts as of other inputs.
    type: dict
    version_added: 0.5.0
  pin:
    description:
      - The sha256 the archive must have (from the role's C(python_build_artifact_pins)). The
        store serves nothing else for it; empty trusts the store's manifest.
    type: str
    default: ""
  url_username:
    description: User name for HTTP basic authentication.
    type: str
    default: ""
  url_password:
    description: Password (or API token) for HTTP basic authentication. Never logged.
    type: str
    default: ""
  headers:
    description:
      - Extra request headers, such as C(X-JFrog-Art-Api) or an C(Authorization) bearer token.
        Their values are never logged.
    type: dict
    default: {}
  ca_path:
    description: A PEM CA bundle to verify the store's certificate with (a private CA); default the OS store.
    type: path
  validate_certs:
    description: Verify the store's TLS certificate and host name. Leave on outside tests.
    type: bool
    default: true
  client_cert:
    description: A PEM client certificate, for a store behind mutual TLS. It may hold the key too.
    type: path
  client_key:
    description: The unencrypted PEM key of O(client_cert), when the certificate file lacks it.
    type: path
  use_proxy:
    description: Use the proxy of the environment (C(https_proxy), C(no_proxy)); V(false) connects directly.
    type: bool
    default: true
  timeout:
    description: Seconds to wait for each answer (and each block of a download).
    type: float
    default: 60
attributes:
  check_mode:
    support: full
    description: O(operation=inspect) runs as usual; fetch and publish report what they would do, reading only.
  diff_mode:
    support: none
    description: Artifacts are binary.
  platform:
    support: full
    platforms: posix
    description: Runs on the host that installs or built the artifact.
notes:
  - Without O(pin), the store is trusted - whoever can write to it can make every host install
    what it serves. HTTPS, and write access for builders only, is the least it should have.
  - Credentials (O(url_password), O(headers)) with an C(http://) URL are refused before any
    request, except to this host's loopback (C(127.0.0.0/8), C(::1), C(localhost)), where nothing
    crosses a network. Reading a plain C(http://) store without O(pin) warns that it is trusted
    blindly.
  - The user-info of a URL (C(https://user:password@host/)) is refused, and never shown - not in a
    message, not in the module's invocation.
seealso:
  - module: connect_ops.interpreters.python_build_job
  - plugin: connect_ops.interpreters.python_build_platform
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Install exactly the 3.11.2 the team vetted, fetched by the host itself
  connect_ops.interpreters.python_build_artifact:
    url: https://artifacts.example.com/python-builds
    platform: "{{ ansible_facts | connect_ops.interpreters.python_build_platform }}"
    name: cpython-3.11.2-pgo-lto
    version: 3.11.2
    build: pgo-lto
    dest: /var/cache/connect-ops/python-build/artifacts/cpython-3.11.2-pgo-lto.tar.zst
    pin: 0d9f5c8e2b1f3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5
    url_username: "{{ store_user }}"
    url_password: "{{ store_password }}"

- name: Publish what this host built
  connect_ops.interpreters.python_build_artifact:
    operation: publish
    url: https://artifacts.example.com/python-builds
    platform: debian-12-x86_64
    name: cpython-3.11.2
    version: 3.11.2
    src: /var/cache/connect-ops/python-build/artifacts/cpython-3.11.2.tar.zst
    manifest: {built_on: "{{ inventory_hostname }}"}
    url_username: "{{ store_user }}"
    url_password: "{{ store_password }}"
'''

RETURN = r'''
status:
  description: C(present), C(missing) or C(damaged) (see the description); after a publish, what the store now holds.
  returned: always
  type: str
  sample: present
reason:
  description: Why the artifact is not C(present) (empty when it is).
  returned: always
  type: str
url:
  description: The archive's URL.
  returned: always
  type: str
  sample: https://artifacts.example.com/python-builds/debian-12-x86_64/cpython-3.11.2.tar.zst
sha256:
  description: The archive's sum as the store's manifest records it (null when there is none).
  returned: always
  type: str
manifest:
  description: The store's manifest of the artifact (null when there is none).
  returned: always
  type: dict
downloaded:
  description: Whether the archive was downloaded to O(dest) (false when O(dest) already held it).
  returned: always
  type: bool
'''

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.connect_ops.interpreters.plugins.module_utils.redact import (
    secret_pieces,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.artifact_store import (
    plain_http_warning,
    Store,
    StoreError,
    check_pin,
    fetch,
    inspect,
    publish,
    require_pin,
    sha256_file,
    upload_token,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_api import (
    TRANSPORT_ARGUMENT_SPEC,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            operation=dict(type='str', choices=['inspect', 'fetch', 'publish'], default='fetch'),
            url=dict(type='str', required=True),
            platform=dict(type='str', required=True),
            name=dict(type='str', required=True),
            version=dict(type='str', required=True),
            build=dict(type='str', default='plain'),
            dest=dict(type='path'),
            src=dict(type='path'),
            manifest=dict(type='dict', default={}),
            pin=dict(type='str', default=''),
            identity=dict(type='dict'),
            url_username=dict(type='str', default=''),
            url_password=dict(type='str', default='', no_log=True),
            headers=dict(type='dict', default={}, no_log=True),
            timeout=dict(type='float', default=60),
            **TRANSPORT_ARGUMENT_SPEC
        ),
        required_if=[('operation', 'fetch', ['dest']), ('operation', 'publish', ['src'])],
        supports_check_mode=True,
    )
    p = module.params
    # A URL's user-info (a password) is masked wherever it would appear, the invocation included.
    module.no_log_values.update(secret_pieces(p['url']))
    operation = p['operation']
    ident = p['identity']
    result = dict(changed=False, downloaded=False)
    try:
        store = Store(p['url'], p['platform'], username=p['url_username'],
                      password=p['url_password'], headers=p['headers'], ca_path=p['ca_path'],
                      validate_certs=p['validate_certs'], client_cert=p['client_cert'],
                      client_key=p['client_key'], use_proxy=p['use_proxy'], timeout=p['timeout'])
        pin = check_pin(p['pin'])
        blind = plain_http_warning(p['url'], bool(pin))
        if blind and operation != 'publish':
            module.warn(blind)
        if operation == 'publish':
            if not os.path.isfile(p['src']):
                raise StoreError('config', 'src: %s is not a file' % p['src'])
            if pin:
                # Checked before anything is uploaded: the store never holds what the pin refuses.
                require_pin(pin, sha256_file(p['src']), p['src'], p['version'], p['platform'],
                            'it is not published. Publish the pinned archive, or remove the pin.')
            if module.check_mode:
                found = inspect(store, p['name'], p['version'], p['build'], ident)
                result['changed'] = found['status'] != 'present'
            else:
                changed, found = publish(store, p['name'], p['version'], p['build'], p['src'],
                                         p['manifest'], upload_token(os.uname()[1]),
                                         identity=ident)
                result['changed'] = changed
        elif operation == 'fetch' or p['dest']:
            if module.check_mode:
                found = inspect(store, p['name'], p['version'], p['build'], ident)
                if operation == 'fetch' and found['status'] != 'present':
                    raise StoreError(found['status'], 'no verified artifact of Python %s at %s: %s'
                                     % (p['version'], found['url'], found['reason']))
                result['changed'] = found['status'] == 'present' and not (
                    os.path.isfile(p['dest']) and sha256_file(p['dest']) == found['sha256'])
            else:
                found, downloaded = fetch(store, p['name'], p['version'], p['build'], p['dest'],
                                          pin, keep_damaged=operation == 'inspect', identity=ident)
                result['downloaded'] = downloaded
                result['changed'] = downloaded
        else:
            found = inspect(store, p['name'], p['version'], p['build'], ident)
        if found['status'] == 'present':
            require_pin(pin, found['sha256'], 'the artifact at %s' % found['url'], p['version'],
                        p['platform'], 'nothing was installed.')
    except StoreError as e:
        module.fail_json(msg=str(e), kind=e.kind, status_code=e.status, **result)
    result.update(status=found['status'], reason=found['reason'], url=found['url'],
                  sha256=found['sha256'], manifest=found['manifest'])
    module.exit_json(**result)


if __name__ == '__main__':
    main()
