#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: connect_server_python
short_description: Ask Posit Connect which Python versions its content uses and which interpreters it accepted
version_added: 0.3.0
author: connect_ops contributors (@connect-ops)
description:
  - Reads Connect's server API - C(GET /__api__/v1/content) for the Python version each deployed
    item was deployed with (C(py_version)), and C(GET /__api__/v1/server_settings/python) for the
    interpreters Connect accepted when it started (C(installations)).
  - With O(expect_versions), fails when Connect does not list one of them - Connect analyzes each
    C(Executable) at startup and drops the ones it cannot use without failing. O(wait) lets it
    finish starting first.
  - Read-only. Redirects are not followed (they would carry the API key elsewhere).
  - Requests go through Ansible's HTTP client (C(ansible.module_utils.urls)), with its handling of
    certificates, client certificates and proxies.
  - Relies only on these fields - C(guid), C(name), C(title), C(py_version), C(dashboard_url),
    C(content_url), C(bundle_id) of content items; C(installations[].version), C(cluster_name), C(image_name)
    and C(api_enabled) of the Python settings.
options:
  server_url:
    description: Connect's address as seen from where the module runs (the managed host by default).
    type: str
    default: http://localhost:3939
  api_key:
    description:
      - "An API key of a Connect administrator (sent as C(Authorization: Key ...)); a publisher's key
        sees only its own content, so the protection it gives would be partial."
    type: str
    required: true
  ca_path:
    description: A PEM CA bundle to verify Connect's certificate with (a private CA); default the OS store.
    type: path
  validate_certs:
    description: Verify Connect's TLS certificate and host name. Leave on outside tests.
    type: bool
    default: true
  client_cert:
    description:
      - A PEM client certificate, for a Connect behind mutual TLS (a proxy or load balancer that
        asks for one). It may hold the key too.
    type: path
    version_added: 0.4.0
  client_key:
    description: The unencrypted PEM key of O(client_cert), when the certificate file lacks it.
    type: path
    version_added: 0.4.0
  use_proxy:
    description:
      - Use the proxy of the environment (C(https_proxy), C(http_proxy)), except for the hosts in
        C(no_proxy). V(false) always connects directly.
    type: bool
    default: true
    version_added: 0.4.0
  timeout:
    description: Seconds to wait for each answer.
    type: float
    default: 10
  wait:
    description:
      - Seconds to keep retrying while Connect does not answer yet (it was just restarted). 0 asks once.
    type: float
    default: 0
  include:
    description: What to read.
    type: list
    elements: str
    choices: [content, installations]
    default: [content, installations]
  expect_versions:
    description:
      - Python versions Connect must list among its installations (those of the configured
        interpreters); the module fails, showing both lists, when one is missing.
    type: list
    elements: str
    default: []
  require_administrator:
    description:
      - With V(content) in O(include), read the key's role first (C(GET /__api__/v1/user)) and fail
        unless it is C(administrator), naming the role it has. A publisher's key lists only the
        content that user may see and a viewer's lists it without C(py_version), so either would
        report "no content needs this version" for content it cannot see.
      - V(false) goes on with a warning that says what the key could not see (for reports);
        C(content_complete) is then V(false).
    type: bool
    default: true
    version_added: 0.5.0
attributes:
  check_mode:
    support: full
    description: Read-only, runs in check mode too.
  diff_mode:
    support: none
    description: Nothing changes.
  platform:
    support: full
    platforms: posix
    description: Runs wherever Connect can be reached from; the managed host by default.
seealso:
  - module: connect_ops.interpreters.connect_python_config
  - name: Posit Connect API reference
    description: The content and server settings endpoints.
    link: https://docs.posit.co/connect/api/
'''

EXAMPLES = r'''
- name: Which Python versions does deployed content use?
  connect_ops.interpreters.connect_server_python:
    api_key: "{{ vault_connect_api_key }}"
    include: [content]
  register: connect_content

- name: After a restart, check that Connect accepted every configured interpreter
  connect_ops.interpreters.connect_server_python:
    api_key: "{{ vault_connect_api_key }}"
    include: [installations]
    wait: 60
    expect_versions: ["3.11.2", "3.12.4"]
'''

RETURN = r'''
content_versions:
  description:
    - Deployed content grouped by the Python version it was deployed with; each item's C(guid),
      C(title), C(url) and C(bundle_id) (its current bundle, which a rebuild builds; since 0.4.0).
  returned: when O(include) has V(content)
  type: dict
  sample:
    "3.11.2":
      count: 1
      items: [{"guid": "1b1f...", "title": "Sales API", "url": "https://connect.example.com/connect/#/apps/1b1f...", "bundle_id": "41"}]
user_role:
  description: The role of the key's user (C(administrator), C(publisher) or C(viewer)).
  returned: when O(include) has V(content)
  type: str
  sample: administrator
  version_added: 0.5.0
content_complete:
  description: Whether the listing shows every item with its Python version (an administrator's key).
  returned: when O(include) has V(content)
  type: bool
  version_added: 0.5.0
content_count:
  description: How many content items Connect listed (with or without Python).
  returned: when O(include) has V(content)
  type: int
installations:
  description: The interpreters Connect accepted.
  returned: when O(include) has V(installations)
  type: list
  elements: dict
  sample: [{"version": "3.11.2", "cluster_name": "Local", "image_name": "Local"}]
api_enabled:
  description: Connect's C(api_enabled) from its Python settings.
  returned: when O(include) has V(installations)
  type: bool
error:
  description:
    - Why Connect could not be asked - C(unreachable), C(timeout), C(tls), C(auth), C(http),
      C(malformed) or C(config) (an argument that cannot work, such as a missing O(ca_path)).
  returned: failure
  type: str
  sample: unreachable
connect_down:
  description:
    - Whether the failure means Connect is not answering - nothing listens, no answer in time, or
      a reverse proxy answering 502, 503 or 504 - as opposed to a configuration error (refused
      key, TLS, a broken answer). The one rule the roles go by.
  returned: failure
  type: bool
  sample: true
missing:
  description: The O(expect_versions) Connect does not list.
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.connect_ops.interpreters.plugins.module_utils.redact import (
    secret_pieces,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_api import (
    CONNECTION_ARGUMENT_SPEC,
    ConnectError,
    client_from,
    content_versions,
    installations,
    missing_installations,
    require_administrator,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            CONNECTION_ARGUMENT_SPEC,
            wait=dict(type='float', default=0),
            include=dict(type='list', elements='str', choices=['content', 'installations'],
                         default=['content', 'installations']),
            expect_versions=dict(type='list', elements='str', default=[]),
            require_administrator=dict(type='bool', default=True),
        ),
        supports_check_mode=True,
    )
    p = module.params
    # A URL's user-info (a password) is masked wherever it would appear, the invocation included.
    module.no_log_values.update(secret_pieces(p['server_url']))
    if p['timeout'] <= 0 or p['wait'] < 0:
        module.fail_json(msg='timeout must be above 0 and wait 0 or more (got timeout=%s, wait=%s)'
                         % (p['timeout'], p['wait']))
    result = dict(changed=False, missing=[])
    try:
        client = client_from(p)
        waited = p['wait']
        if 'installations' in p['include'] or p['expect_versions']:
            settings = client.python_settings(wait=waited)
            waited = 0
            result['installations'] = installations(settings)
            result['api_enabled'] = settings.get('api_enabled')
        refusal = None
        if 'content' in p['include']:
            role = client.get_until_answered_by(client.user_role, waited)
            waited = 0
            result['user_role'] = role
            result['content_complete'] = role == 'administrator'
            refusal = require_administrator(role, 'protecting deployed content (and rebuilding it)')
            if refusal and p['require_administrator']:
                module.fail_json(msg=refusal, error='role', connect_down=False, **result)
            items = client.content(wait=waited)
            result['content_count'] = len(items)
            result['content_versions'] = content_versions(items)
    except ConnectError as e:
        module.fail_json(msg=str(e), error=e.kind, connect_down=e.connect_down, **result)
    if refusal:
        module.warn('Connect was asked with a key that cannot see everything: %s'
                    % refusal.replace(' Nothing was changed.', ''))
    if result.get('api_enabled') is False:
        module.warn('Connect reports api_enabled: false in its Python settings: Python API '
                    'content cannot run on this server (Python or API content is disabled, or '
                    'not licensed); interpreters are still listed')
    if p['expect_versions']:
        result['missing'] = missing_installations(p['expect_versions'], settings)
        if result['missing']:
            module.fail_json(
                msg='Connect did not accept the interpreter(s) for %s: it lists %s, the '
                    'configuration has %s. Connect drops an Executable it cannot use at startup; '
                    'see its server log for why' % (
                        ', '.join(result['missing']),
                        ', '.join(i['version'] for i in result['installations']) or 'none',
                        ', '.join(p['expect_versions'])),
                **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
