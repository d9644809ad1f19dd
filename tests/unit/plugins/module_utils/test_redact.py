# -*- coding: utf-8 -*-
"""No message shows the password of a URL a user gave, however malformed the URL (issue 41,
item 1): the artifact store's and Connect's URL checks, and the module a user calls."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.artifact_store import (
    StoreError,
    check_base_url,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_plan import (
    PlanError,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.connect_api import (
    ConnectError,
    check_url,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.redact import redact_url
from module_runner import run_module

SECRET = 's3cr3t-Pw'
HOSTILE = [
    'ftp://user:%s@store.example.com/x' % SECRET,          # another scheme
    'https://user:%s#frag@store.example.com/x' % SECRET,   # a # in the password
    'https://user:%s@store example.com/x' % SECRET,        # a blank in the host
    'https://user:%s@store.example.com:80x/x' % SECRET,    # a port that is not a number
    'https://user:pa/%s@store.example.com/x' % SECRET,     # a / in the password
    'https://user:%s@/x' % SECRET,                          # no host
    'https://user:%s@store.example.com/x?token=1' % SECRET,
    'https://user@:%s@store.example.com/x' % SECRET,       # an @ in the user
    'https://%s@[::1/x' % SECRET,                           # a broken IPv6 literal
]


def test_redact_cuts_everything_up_to_the_last_at():
    assert redact_url('https://u:p@h/x') == 'https://***@h/x'
    assert redact_url('https://u:p/q@h/x') == 'https://***@h/x'
    assert redact_url('https://h/x') == 'https://h/x'
    assert redact_url('no scheme at all @ here') == 'no scheme at all @ here'


@pytest.mark.parametrize('url', HOSTILE)
def test_the_store_url_check_never_shows_the_password(url):
    with pytest.raises(StoreError) as caught:
        check_base_url(url)
    assert SECRET not in str(caught.value)
    assert 'python_build_artifact_url' in str(caught.value)


@pytest.mark.parametrize('url', HOSTILE)
def test_the_connect_url_check_never_shows_the_password(url):
    with pytest.raises(ConnectError) as caught:
        check_url(url.replace('ftp://', 'https://').replace('#frag', ''))
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize('url', HOSTILE)
def test_the_module_never_shows_the_password(url, tmp_path):
    result = run_module('python_build_artifact', {
        'operation': 'inspect', 'url': url, 'platform': 'debian-12-x86_64',
        'name': 'cpython-3.11.2', 'version': '3.11.2'}, tmp_path=tmp_path)
    assert result.get('failed'), result
    assert SECRET not in json.dumps(result)


@pytest.mark.parametrize('url', HOSTILE)
def test_the_build_plan_never_shows_the_password(url):
    from ansible_collections.connect_ops.interpreters.plugins.filter.python_build_plan import (
        python_build_plan,
    )
    from ansible.errors import AnsibleFilterError
    with pytest.raises((AnsibleFilterError, PlanError, StoreError)) as caught:
        python_build_plan(['3.11.2'], '/opt/Python', 'https://www.python.org/ftp/python', {},
                          False, artifact_url=url)
    assert SECRET not in str(caught.value)


# Issue 41, item 2: credentials never travel in clear; a plain-HTTP store without pins is named.
@pytest.mark.parametrize('credentials, named', [
    ({'username': 'builder', 'password': SECRET}, 'python_build_artifact_url_password is set'),
    ({'headers': {'X-JFrog-Art-Api': SECRET}}, 'python_build_artifact_headers are set'),
])
def test_credentials_over_plain_http_are_refused_before_any_request(credentials, named):
    from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.artifact_store import (
        Store,
    )
    with pytest.raises(StoreError) as caught:
        Store('http://store.example.com/python-builds', 'debian-12-x86_64', **credentials)
    assert named in str(caught.value) and 'https://' in str(caught.value)
    assert SECRET not in str(caught.value)
    # over https, and to this host's loopback (nothing crosses a network), they are taken
    Store('https://store.example.com/python-builds', 'debian-12-x86_64', **credentials)
    for local in ('http://127.0.0.1:8781/a', 'http://localhost/a', 'http://[::1]:80/a'):
        Store(local, 'debian-12-x86_64', **credentials)


def test_the_module_refuses_a_password_over_plain_http(tmp_path):
    result = run_module('python_build_artifact', {
        'operation': 'inspect', 'url': 'http://192.0.2.1/python-builds',
        'platform': 'debian-12-x86_64', 'name': 'cpython-3.11.2', 'version': '3.11.2',
        'url_username': 'builder', 'url_password': SECRET, 'timeout': 2}, tmp_path=tmp_path)
    assert result['failed'] and 'in clear' in result['msg'] and 'Nothing was sent' in result['msg']
    assert SECRET not in json.dumps(result)


def test_a_plain_http_store_without_a_pin_is_said_to_be_trusted_blindly():
    from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.artifact_store import (
        plain_http_warning,
    )
    said = plain_http_warning('http://store.example.com/python-builds', pinned=False)
    assert 'trusted blindly' in said and 'store.example.com' in said
    assert plain_http_warning('http://store.example.com/python-builds', pinned=True) is None
    assert plain_http_warning('https://store.example.com/python-builds', pinned=False) is None
    assert plain_http_warning('http://127.0.0.1:8781/python-builds', pinned=False) is None
