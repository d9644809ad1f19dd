# -*- coding: utf-8 -*-
"""connect_content_rebuild and connect_runtime_cache as real module processes against the Connect
API stand-in over real HTTP: builds that succeed, fail or hang; the record that keeps a rerun from
rebuilding twice; a cache deleted once, after a dry run; 401, 403 and an older Connect."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from module_runner import run_module

CONTENT = [
    {'guid': 'g-sales', 'title': 'Sales API', 'py_version': '3.13.5', 'bundle_id': '41'},
    {'guid': 'g-nb', 'title': 'Forecast notebook', 'py_version': '3.13.5', 'bundle_id': '7'},
    {'guid': 'g-dash', 'title': 'Churn dashboard', 'py_version': '3.13.5', 'bundle_id': '12'},
]
ITEMS = [{'guid': c['guid'], 'title': c['title'], 'bundle_id': c['bundle_id']} for c in CONTENT]
CACHES = [{'language': 'Python', 'version': '3.13.5', 'image_name': 'Local'},
          {'language': 'Python', 'version': '3.13.5', 'image_name': 'ubuntu-jammy'},
          {'language': 'Python', 'version': '3.11.2', 'image_name': 'Local'},
          {'language': 'R', 'version': '3.13.5', 'image_name': 'Local'}]


def conn(standin, **more):
    return dict(server_url=standin.url, api_key=standin.api_key, **more)


def test_every_item_rebuilt_with_its_bundle_two_at_a_time(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT)
    record = str(tmp_path / 'state' / 'rebuilt.json')
    result = run_module('connect_content_rebuild', conn(connect_standin, items=ITEMS, poll=1,
                                                        record=record), tmp_path=tmp_path)
    assert not result.get('failed'), result
    assert result['changed'] and sorted(result['rebuilt']) == ['g-dash', 'g-nb', 'g-sales']
    assert sorted((w['path'], w['body']['bundle_id']) for w in connect_standin.writes()) == [
        ('/__api__/v1/content/g-dash/build', '12'), ('/__api__/v1/content/g-nb/build', '7'),
        ('/__api__/v1/content/g-sales/build', '41')]
    assert len(connect_standin.writes()) == 3
    assert all(r['output'][-1] == 'Build completed' for r in result['results'])
    with open(record) as f:
        assert json.load(f)['rebuilt'] == {'g-dash': {'bundle_id': '12', 'to': None},
                                           'g-nb': {'bundle_id': '7', 'to': None},
                                           'g-sales': {'bundle_id': '41', 'to': None}}
    # the rerun rebuilds nothing and asks Connect for nothing
    again = run_module('connect_content_rebuild', conn(connect_standin, items=ITEMS, poll=1,
                                                       record=record), tmp_path=tmp_path)
    assert not again['changed'] and len(connect_standin.writes()) == 3
    assert set(r['status'] for r in again['results']) == {'done_before'}
    # a new bundle of one item is rebuilt again
    items = [dict(ITEMS[0], bundle_id='42')] + ITEMS[1:]
    connect_standin.configure(content=[dict(CONTENT[0], bundle_id='42')] + CONTENT[1:])
    third = run_module('connect_content_rebuild', conn(connect_standin, items=items, poll=1,
                                                       record=record), tmp_path=tmp_path)
    assert third['rebuilt'] == ['g-sales'] and len(connect_standin.writes()) == 4


def test_a_failure_never_stops_the_others_and_each_is_named(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT, builds={'g-sales': 'fail', 'g-nb': 'hang'})
    record = str(tmp_path / 'rebuilt.json')
    result = run_module('connect_content_rebuild', conn(
        connect_standin, items=ITEMS, poll=1, task_timeout=3, parallel=1, record=record),
        tmp_path=tmp_path)
    assert result['failed'] and result['rebuilt'] == ['g-dash']
    status = dict((r['guid'], r['status']) for r in result['results'])
    assert status == {'g-sales': 'failed', 'g-nb': 'timed_out', 'g-dash': 'rebuilt'}
    msg = result['msg']
    assert msg.startswith('2 of 3 item(s) did not rebuild: ')
    assert 'Sales API (g-sales, bundle 41): failed - Build failed: pip could not install' in msg
    assert 'last output: ' in msg
    assert 'Forecast notebook (g-nb, bundle 7): timed out - not finished after 3 s' in msg
    assert connect_standin.api_key not in json.dumps(result)
    with open(record) as f:
        assert json.load(f)['rebuilt'] == {'g-dash': {'bundle_id': '12', 'to': None}}


def test_check_mode_starts_no_build(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT)
    result = run_module('connect_content_rebuild', conn(connect_standin, items=ITEMS), check=True,
                        tmp_path=tmp_path)
    assert result['changed'] and set(r['status'] for r in result['results']) == {'would_rebuild'}
    assert connect_standin.writes() == []


def test_an_older_connect_without_the_build_endpoint_is_named(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT, missing=['build'])
    result = run_module('connect_content_rebuild', conn(connect_standin, items=ITEMS[:1]),
                        tmp_path=tmp_path)
    assert result['failed'] and 'needs Connect 2021.11.1 or later' in result['msg']


def test_the_cache_goes_once_after_a_dry_run_and_no_other(connect_standin, tmp_path):
    connect_standin.configure(caches=CACHES)
    check = run_module('connect_runtime_cache', conn(connect_standin, version='3.13.5'),
                       check=True, tmp_path=tmp_path)
    assert check['changed'] and check['found'] and check['dry_run']['task_id'] is None
    assert [w['body']['dry_run'] for w in connect_standin.writes()] == [True]
    result = run_module('connect_runtime_cache', conn(connect_standin, version='3.13.5'),
                        tmp_path=tmp_path)
    assert result['changed'] and result['task_id'], result
    deletes = [w['body'] for w in connect_standin.writes()]
    assert deletes[1:] == [
        {'language': 'Python', 'version': '3.13.5', 'image_name': 'Local', 'dry_run': True},
        {'language': 'Python', 'version': '3.13.5', 'image_name': 'Local', 'dry_run': False}]
    with open(connect_standin.state_path + '.deleted') as f:
        assert json.load(f) == [['Python', '3.13.5', 'Local']]  # the others stay
    again = run_module('connect_runtime_cache', conn(connect_standin, version='3.13.5'),
                       tmp_path=tmp_path)
    assert not again['changed'] and not again['found'] and len(connect_standin.writes()) == 3


def test_a_key_without_the_administrator_role_is_told_so(connect_standin, tmp_path):
    connect_standin.configure(caches=CACHES, publisher_key='publisher-key-0123')
    result = run_module('connect_runtime_cache', dict(server_url=connect_standin.url,
                                                      api_key='publisher-key-0123',
                                                      version='3.13.5'), tmp_path=tmp_path)
    assert result['failed'] and 'administrator role' in result['msg'] and '403' in result['msg']
    assert 'Nothing was deleted' in result['msg']
    assert 'publisher-key-0123' not in json.dumps(result)
    assert not os.path.exists(connect_standin.state_path + '.deleted')
    wrong = run_module('connect_runtime_cache', dict(server_url=connect_standin.url,
                                                     api_key='not-a-key', version='3.13.5'),
                       tmp_path=tmp_path)
    assert wrong['failed'] and '401' in wrong['msg']


def test_an_older_connect_without_cache_endpoints_is_named(connect_standin, tmp_path):
    connect_standin.configure(caches=CACHES, missing=['caches'])
    result = run_module('connect_runtime_cache', conn(connect_standin, version='3.13.5'),
                        tmp_path=tmp_path)
    assert result['failed'] and 'needs Connect 2023.05 or later' in result['msg']


def test_a_two_part_version_is_refused(connect_standin, tmp_path):
    result = run_module('connect_runtime_cache', conn(connect_standin, version='3.13'),
                        tmp_path=tmp_path)
    assert result['failed'] and 'three-part version' in result['msg']
