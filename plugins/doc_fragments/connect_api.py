# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    """How a module reaches Connect's API (module_defaults group connect_ops.interpreters.connect)."""

    DOCUMENTATION = r'''
options:
  server_url:
    description: Connect's address as seen from where the module runs (the managed host by default).
    type: str
    default: http://localhost:3939
  api_key:
    description:
      - "An API key of a Connect administrator (sent as C(Authorization: Key ...)). Never logged."
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
  client_key:
    description: The unencrypted PEM key of O(client_cert), when the certificate file lacks it.
    type: path
  use_proxy:
    description:
      - Use the proxy of the environment (C(https_proxy), C(http_proxy)), except for the hosts in
        C(no_proxy). V(false) always connects directly.
    type: bool
    default: true
  timeout:
    description: Seconds to wait for each answer.
    type: float
    default: 10
notes:
  - Redirects are never followed (they would carry the API key elsewhere). Requests go through
    Ansible's HTTP client (C(ansible.module_utils.urls)), with its handling of certificates, client
    certificates and proxies.
  - The modules of the C(connect_ops.interpreters.connect) group take these options once from
    C(module_defaults).
'''
