# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``python_release_data`` lookup: a site's release data file, read and checked."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: python_release_data
short_description: Read and check a site's CPython release data file (a path or an HTTPS URL)
version_added: 0.5.0
description:
  - Reads a release data file (JSON) from a path on the controller or from a URL, checks every
    entry, and returns it as a dict for the O(connect_ops.interpreters.python_build_plan#filter:release_data),
    O(connect_ops.interpreters.python_lifecycle#filter:release_data),
    O(connect_ops.interpreters.connect_fleet#filter:release_data) and
    O(connect_ops.interpreters.connect_upgrade_plan#filter:release_data) arguments.
  - The file is merged over the collection's own release data; the site's own
    C(python_build_checksums) are merged over both. A site stays current with CPython's releases
    and its series' dates without waiting for a new release of the collection.
  - The file has C(format) (1), C(as_of) (the day its data was taken, YYYY-MM-DD), C(releases)
    (each version to its sums by format, C(tar.xz) and C(tgz), at least one, and C(source) saying
    where they came from) and C(series) (each series to C(first_release), C(bugfix_until) and
    C(end_of_life), dates as YYYY-MM or YYYY-MM-DD). C(make release-data) writes one from
    python.org's data.
  - A damaged file (not JSON, a sum that is not 64 hex digits, an unknown format or key, a bad
    date) is refused with a message that names the file and the entry; nothing is returned.
  - The URL's user info, if any, never appears in a message.
options:
  _terms:
    description: One path on the controller or one C(https://) (or C(http://), C(file://)) URL.
    type: list
    elements: str
    required: true
  ca_path:
    description: A PEM file of the CA certificates to trust for an C(https://) URL (a private CA).
    type: path
  validate_certs:
    description: Verify the server's certificate. Leave it on.
    type: bool
    default: true
  use_proxy:
    description: Use the proxy of the controller's C(https_proxy) / C(http_proxy) environment.
    type: bool
    default: true
  client_cert:
    description: A PEM client certificate for servers that want one (mutual TLS).
    type: path
  client_key:
    description: The key of O(client_cert), when it is not in the same file.
    type: path
  timeout:
    description: Seconds to wait for the server.
    type: int
    default: 30
notes:
  - The role C(connect_ops.interpreters.python_build) and the playbooks read the file named by
    C(python_build_release_data) with the artifact store's TLS, CA and proxy settings
    (C(python_build_artifact_ca_path), C(python_build_artifact_validate_certs),
    C(python_build_artifact_use_proxy), C(python_build_artifact_client_cert),
    C(python_build_artifact_client_key)).
seealso:
  - plugin: connect_ops.interpreters.python_lifecycle
    plugin_type: filter
    description: Where a release stands, by the release data in use.
  - plugin: connect_ops.interpreters.python_build_plan
    plugin_type: filter
    description: How a series request such as C("3.15") resolves with it.
'''

EXAMPLES = r'''
- name: Read the site's release data once
  ansible.builtin.set_fact:
    site_release_data: >-
      {{ lookup('connect_ops.interpreters.python_release_data',
                'https://mirror.example.com/connect-ops/release-data.json',
                ca_path='/etc/pki/site-ca.pem') }}

- name: Where 3.13.5 stands by the site's data
  ansible.builtin.debug:
    msg: "{{ ('3.13.5' | connect_ops.interpreters.python_lifecycle(release_data=site_release_data)).text }}"
'''

RETURN = r'''
_raw:
  description: The checked release data file, as a dict (C(format), C(as_of), C(releases), C(series)).
  type: list
  elements: dict
'''

import os

from ansible.errors import AnsibleLookupError
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.urls import open_url
from ansible.plugins.lookup import LookupBase

from ansible_collections.connect_ops.interpreters.plugins.module_utils.redact import (
    redact_url,
    secret_free,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.release_data import (
    ReleaseDataError,
    parse_data_file,
)

MAX_BYTES = 8 * 1024 * 1024


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        if len(terms) != 1 or not isinstance(terms[0], str) or not terms[0].strip():
            raise AnsibleLookupError('python_release_data: give one path or URL of a release '
                                     'data file, got %d term(s)' % len(terms))
        where = terms[0].strip()
        shown = redact_url(where)
        if '://' in where:
            if not where.startswith(('https://', 'http://', 'file://')):
                raise AnsibleLookupError('python_release_data: %s is not an https://, http:// or '
                                         'file:// URL' % shown)
            try:
                answer = open_url(where, validate_certs=self.get_option('validate_certs'),
                                  use_proxy=self.get_option('use_proxy'),
                                  ca_path=self.get_option('ca_path'),
                                  client_cert=self.get_option('client_cert'),
                                  client_key=self.get_option('client_key'),
                                  timeout=self.get_option('timeout'), follow_redirects='safe')
                raw = answer.read(MAX_BYTES + 1)
            except Exception as exc:  # every failure of the fetch says the same thing
                raise AnsibleLookupError('python_release_data: cannot read %s (%s): check the URL, '
                                         'the CA (python_build_artifact_ca_path) and the proxy'
                                         % (shown, secret_free(to_text(exc), where)))
        else:
            path = os.path.expanduser(where)
            try:
                with open(path, 'rb') as f:
                    raw = f.read(MAX_BYTES + 1)
            except (IOError, OSError) as exc:
                raise AnsibleLookupError('python_release_data: cannot read %s on the controller (%s)'
                                         % (path, exc.strerror or exc))
        if len(raw) > MAX_BYTES:
            raise AnsibleLookupError('python_release_data: %s is larger than %d bytes; it is not a '
                                     'release data file' % (shown, MAX_BYTES))
        try:
            data = parse_data_file(to_text(raw, errors='surrogate_or_strict'), shown)
        except (ReleaseDataError, UnicodeError) as exc:
            raise AnsibleLookupError('python_release_data: %s' % secret_free(to_text(exc), where))
        return [data]
