# -*- coding: utf-8 -*-
"""The lifecycle modules against the Connect stand-in behaving as Connect documents beyond the
happy path (issue 39; REFERENCE section 14): a build activates the bundle it builds, a task's
polls cross proxies that fail and a load balancer with sticky sessions, keys have roles, and a
cache can be deleted by someone else between the listing and the deletion."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import urllib.request

from module_runner import run_module
from module_warnings import warnings

CONTENT = [
    {'guid': 'g-sales', 'title': 'Sales API', 'py_version': '3.13.5', 'bundle_id': '41',
     'owner_guid': 'publisher'},
    {'guid': 'g-nb', 'title': 'Forecast notebook', 'py_version': '3.13.5', 'bundle_id': '7',
     'owner_guid': 'someone-else'},
]
ITEMS = [{'guid': c['guid'], 'title': c['title'], 'bundle_id': c['bundle_id'], 'to': '3.13.15'}
         for c in CONTENT]
CACHES = [{'language': 'Python', 'version': '3.13.5', 'image_name': 'Local'}]


def conn(standin, key=None, **more):
    return dict(server_url=standin.url, api_key=key or standin.api_key, **more)


def active_bundle(standin, guid):
    request = urllib.request.Request('%s/__api__/v1/content/%s' % (standin.url, guid),
                                     headers={'Authorization': 'Key ' + standin.api_key})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)['bundle_id']


# 1. A build activates the bundle it builds: the bundle active now is built, never the plan's.
def test_an_item_redeployed_since_the_plan_keeps_its_new_bundle(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT, redeploy={'g-sales': {'bundle': '42', 'after': 0}})
    assert active_bundle(connect_standin, 'g-sales') == '42'  # the owner deployed 42
    result = run_module('connect_content_rebuild', conn(connect_standin, items=ITEMS, poll=1),
                        tmp_path=tmp_path)
    assert not result.get('failed'), result
    builds = dict((w['path'].split('/')[-2], w['body']['bundle_id'])
                  for w in connect_standin.writes())
    assert builds == {'g-sales': '42', 'g-nb': '7'}  # 41 was never built
    assert active_bundle(connect_standin, 'g-sales') == '42'  # nothing rolled back
    sales = next(r for r in result['results'] if r['guid'] == 'g-sales')
    assert sales['bundle_id'] == '42' and sales['planned_bundle_id'] == '41'
    assert 'bundle 42 is active now (the plan had 41)' in sales['note']
    assert any('bundle 42 is active now' in w for w in warnings(result))


# 2. Polls survive a proxy's 502/503/504 and a reset connection: the build goes on.
def test_a_build_is_followed_through_proxy_errors_and_a_reset(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT[:1], build_seconds=1,
                              poll_failures=['502', 'reset', '503', '504'])
    result = run_module('connect_content_rebuild', conn(connect_standin, items=ITEMS[:1], poll=1),
                        tmp_path=tmp_path)
    assert not result.get('failed'), result
    assert result['rebuilt'] == ['g-sales']
    assert result['results'][0]['output'][-1] == 'Build completed'
    assert len(connect_standin.writes()) == 1  # one build, not one per failed poll


def test_a_poll_longer_than_the_http_timeout_is_refused(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT)
    result = run_module('connect_content_rebuild', conn(connect_standin, items=ITEMS, poll=10,
                                                        timeout=10), tmp_path=tmp_path)
    assert result['failed'] and 'poll (10 s' in result['msg'] and 'HTTP timeout (10' in result['msg']
    assert connect_standin.writes() == []


# 3. A load balancer: the task lives on one node; polls reach it through the sticky cookie.
def test_a_load_balancer_with_sticky_sessions(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT, lb_nodes=['node-a', 'node-b'], build_seconds=1)
    result = run_module('connect_content_rebuild', conn(connect_standin, items=ITEMS, poll=1,
                                                        parallel=1), tmp_path=tmp_path)
    assert not result.get('failed'), result
    assert sorted(result['rebuilt']) == ['g-nb', 'g-sales']


# 4. Keys have roles: anything less than an administrator's is refused before any build.
def test_a_publishers_or_viewers_key_is_refused_before_any_build(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT, publisher_key='publisher-key-1234',
                              viewer_key='viewer-key-5678')
    for role, key in (('publisher', 'publisher-key-1234'), ('viewer', 'viewer-key-5678')):
        result = run_module('connect_content_rebuild', conn(connect_standin, key, items=ITEMS),
                            tmp_path=tmp_path)
        assert result['failed'], result
        assert "the API key is a %s's (GET /__api__/v1/user: user_role %s)" % (role, role) \
            in result['msg']
        assert 'needs the key of a user with the administrator role' in result['msg']
        assert key not in json.dumps(result)
    assert connect_standin.writes() == []


def test_content_protection_refuses_a_key_that_sees_less(connect_standin, tmp_path):
    connect_standin.configure(content=CONTENT, publisher_key='publisher-key-1234',
                              viewer_key='viewer-key-5678')
    publisher = run_module('connect_server_python', conn(connect_standin, 'publisher-key-1234',
                                                         include=['content']), tmp_path=tmp_path)
    assert publisher['failed'] and publisher['user_role'] == 'publisher'
    assert 'lists only the content that user may see' in publisher['msg']
    assert 'content_versions' not in publisher
    viewer = run_module('connect_server_python', conn(connect_standin, 'viewer-key-5678',
                                                      include=['content']), tmp_path=tmp_path)
    assert viewer['failed'] and 'lists content without py_version' in viewer['msg']
    # a report may go on, saying what it could not see
    report = run_module('connect_server_python', conn(
        connect_standin, 'publisher-key-1234', include=['content'], require_administrator=False),
        tmp_path=tmp_path)
    assert not report.get('failed') and report['content_complete'] is False
    assert list(report['content_versions']) == ['3.13.5']
    assert report['content_versions']['3.13.5']['count'] == 1  # only the publisher's own
    assert any('cannot see everything' in w for w in warnings(report))
    admin = run_module('connect_server_python', conn(connect_standin, include=['content']),
                       tmp_path=tmp_path)
    assert admin['user_role'] == 'administrator' and admin['content_complete'] is True
    assert admin['content_versions']['3.13.5']['count'] == 2


# 5. A cache that is already gone is success; only a missing API means an old Connect.
def test_a_cache_deleted_by_someone_else_since_the_listing_is_success(connect_standin, tmp_path):
    connect_standin.configure(caches=CACHES, caches_gone=CACHES)
    result = run_module('connect_runtime_cache', conn(connect_standin, version='3.13.5'),
                        tmp_path=tmp_path)
    assert not result.get('failed'), result
    assert not result['changed'] and result['gone'] and not result['found']
    old = run_module('connect_runtime_cache', conn(connect_standin, version='3.13.5'),
                     tmp_path=tmp_path)
    assert not old.get('failed')


def test_a_cache_deletion_is_followed_through_a_proxy_error(connect_standin, tmp_path):
    connect_standin.configure(caches=CACHES, poll_failures=['502'])
    result = run_module('connect_runtime_cache', conn(connect_standin, version='3.13.5'),
                        tmp_path=tmp_path)
    assert not result.get('failed'), result
    assert result['changed'] and result['task_id']


def test_a_redeploy_right_after_the_plans_listing(connect_standin, tmp_path):
    """As the upgrade scenario has it: the plan lists bundle 41, the owner deploys 42 right after,
    and the rebuild of the plan's item builds 42 and says so."""
    connect_standin.configure(content=CONTENT, redeploy={'g-sales': {'bundle': '42', 'after': 1}})
    plan = run_module('connect_server_python', conn(connect_standin, include=['content']),
                      tmp_path=tmp_path)
    planned = plan['content_versions']['3.13.5']['items']
    assert [i['bundle_id'] for i in planned if i['guid'] == 'g-sales'] == ['41']
    assert active_bundle(connect_standin, 'g-sales') == '42'
    items = [dict(guid=i['guid'], title=i['title'], bundle_id=i['bundle_id'], to='3.13.15')
             for i in planned]
    result = run_module('connect_content_rebuild', conn(connect_standin, items=items, poll=1),
                        tmp_path=tmp_path)
    assert not result.get('failed'), result
    sales = next(r for r in result['results'] if r['guid'] == 'g-sales')
    assert (sales['planned_bundle_id'], sales['bundle_id']) == ('41', '42')
    assert active_bundle(connect_standin, 'g-sales') == '42'
