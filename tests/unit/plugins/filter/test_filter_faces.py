# -*- coding: utf-8 -*-
"""Every filter's refusals, word for word: the messages users see (and may match in their own
plays) stay as they were when the filters moved onto one face (plugin_utils/filter_face.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.filter.connect_bootstrap_plan import (
    connect_bootstrap_plan,
)
from ansible_collections.connect_ops.interpreters.plugins.filter.connect_cluster_check import (
    connect_cluster_check,
    connect_rollout_failure,
)
from ansible_collections.connect_ops.interpreters.plugins.filter.connect_content_resolution import (
    connect_content_resolution,
)
from ansible_collections.connect_ops.interpreters.plugins.filter.connect_fleet import (
    connect_fleet,
    connect_fleet_render,
)
from ansible_collections.connect_ops.interpreters.plugins.filter.connect_python_settings import (
    connect_python_settings,
)
from ansible_collections.connect_ops.interpreters.plugins.filter.python_build_plan import (
    python_build_plan,
    python_build_setuptools_minimum,
)
from ansible_collections.connect_ops.interpreters.plugins.filter.python_build_platform import (
    python_build_platform,
)
from ansible_collections.connect_ops.interpreters.plugins.filter.python_match import python_match


def refusal(call, *args, **kwargs):
    with pytest.raises(AnsibleFilterError) as info:
        call(*args, **kwargs)
    return info.value.message


CASES = [
    (connect_bootstrap_plan, (42,), {},
     "connect_bootstrap_plan: the input must be the probe's stdout (a string), not int"),
    (python_build_platform, (['x'],), {},
     "python_build_platform: expected ansible_facts (a dict), got ['x']"),
    (connect_cluster_check, ({}, 'a', [], []), {},
     "connect_cluster_check: hosts must be a list of host names, not 'a'"),
    (connect_cluster_check, ({}, [], [], [], 'node1'), {},
     "connect_cluster_check: connect_python_cluster_hosts_out must be a list of host names, "
     "not 'node1'"),
    (connect_rollout_failure, ('a', ['a'], 'a', []), {},
     "connect_rollout_failure: done must be a list of host names, not 'a'"),
    (connect_content_resolution, ([],), {'interpreters': []},
     'connect_content_resolution: the input must be the content_versions dict of '
     'connect_server_python, not list'),
    (connect_content_resolution, ({}, ['3.11.2']), {},
     'connect_content_resolution: interpreters must be a list of dicts with path, version and '
     'usable (python_info)'),
    (connect_fleet, ([],), {},
     'connect_fleet: the input must be a dict of host name to what report.yml found on it, '
     'not list'),
    (connect_fleet, ({},), {'clusters': []},
     'connect_fleet: clusters must be a dict of host name to its connect_cluster, not list'),
    (connect_fleet_render, ({'hosts': {}, 'versions': []}, 'pdf'), {},
     "connect_fleet_render: format 'pdf' is not one of summary, markdown, html"),
    (connect_fleet_render, ({},), {},
     'connect_fleet_render: the input must be what connect_fleet returns'),
    (connect_python_settings, (None,), {},
     'connect_python_settings: expected the text of a gcfg file (for example a slurped file '
     'piped through b64decode), got None (NoneType)'),
    (python_build_plan, (['3.11.2'], '/opt/Python', 'https://www.python.org/ftp/python'),
     {'verify_checksum': 'maybe'},
     "python_build_verify_checksum must be a boolean, got 'maybe'"),
    (python_build_plan, (['3.11.2'], '/opt/Python', 'https://www.python.org/ftp/python'),
     {'optimize': 'fast'},
     "python_build_optimizations must be a boolean, got 'fast'"),
    (python_match, ('3.11.2', '3.11.2'), {},
     "python_match: candidates must be a list of versions or of dicts with a \"version\" key, "
     "got '3.11.2'"),
    (python_match, ('3.11.2', ['3.11.2']), {'strict': 'sometimes'},
     "python_match: strict must be a boolean, got 'sometimes'"),
    (python_match, ('3.11.2', ['3.10.1', {'version': '3.9.1', 'usable': False}]), {},
     'python_match: Unable to find a compatible version of Python: requested 3.11.2, mode '
     'major-minor, candidates: 3.10.1 (1 more without a version or not usable)'),
]


@pytest.mark.parametrize('call, args, kwargs, message', CASES,
                         ids=['%s-%d' % (c[0].__name__, i) for i, c in enumerate(CASES)])
def test_each_refusal_keeps_its_words(call, args, kwargs, message):
    assert refusal(call, *args, **kwargs) == message


def test_module_utils_errors_keep_their_prefix():
    assert refusal(connect_python_settings, '[Python\n').startswith('connect_python_settings: ')
    assert refusal(connect_python_settings, '[Python\n').endswith('; Connect cannot load this file')
    assert refusal(python_build_platform, {}).startswith('python_build_platform: ')
    assert refusal(connect_bootstrap_plan, 'garbage').startswith('connect_bootstrap_plan: ')
    text = refusal(python_match, 'three', ['3.11.2'])
    assert text.startswith('python_match: ') and \
        text.endswith("(requested 'three', mode 'major-minor', candidates: 3.11.2)")
    assert refusal(python_build_setuptools_minimum, 'setuptools>=banana')


def test_a_candidate_that_is_not_a_string_is_named():
    text = refusal(python_match, '3.11.2', [3.11])
    assert text.startswith('python_match: candidate ') and \
        text.endswith('; pass version strings or dicts with a "version" key')


def test_a_non_strict_miss_is_none():
    assert python_match('3.12.1', ['3.11.2'], strict=False) is None
