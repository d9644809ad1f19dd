"""What upgrade.yml did on the host: the newest 3.13 installed and registered, 3.13.5 retired with
its prefix gone, both 3.13.5 items rebuilt with the bundle active at the time (the Sales API was
redeployed with bundle 42 after the plan and keeps it), exactly one cache DELETE made after its
dry run, every task followed through a proxy's 502, and no API write by the second (idempotent)
run."""

import json

NEWEST = '3.13.15'
NEXT = '3.13.99'  # next month's release: the site's own (a stand-in, its sum in python_build_checksums)
AFTER = '/root/after-upgrade'
MONTH_2 = '/root/after-month-2'


def writes(host, where=AFTER):
    text = host.file('%s/writes.jsonl' % where).content_string
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def kept(host, where):
    """The Executables of the configuration kept at ``where``, sorted, and its prefixes."""
    gcfg = host.file('%s/rstudio-connect.gcfg' % where).content_string
    executables = sorted(line.split('=', 1)[1].strip() for line in gcfg.splitlines()
                         if line.strip().startswith('Executable'))
    return executables, host.file('%s/prefixes' % where).content_string.split()


def test_the_newest_patch_is_installed_and_registered_and_the_old_one_retired(host):
    executables, prefixes = kept(host, AFTER)
    assert executables == ['/opt/Python/2.7.18/bin/python', '/opt/Python/%s/bin/python3' % NEWEST]
    assert NEWEST in prefixes and '2.7.18' in prefixes and '3.13.5' not in prefixes
    # it ran before next month's upgrade retired it (the side effect ran it with ssl and sqlite3)
    assert host.file('%s/newest-runs' % AFTER).content_string.strip() == '1'


def test_both_items_rebuilt_with_their_active_bundles_and_nothing_else(host):
    builds = [(w['path'], w['body']) for w in writes(host) if w['method'] == 'POST']
    # 41 (what the plan saw) was never built: building it would have made it live again
    assert sorted(builds) == [
        ('/__api__/v1/content/5e1f-notebook/build', {'bundle_id': '7'}),
        ('/__api__/v1/content/8d0a-sales/build', {'bundle_id': '42'})]


def test_the_redeployed_item_keeps_its_new_bundle(host):
    port = host.file('/etc/connect-ops-standin/port').content_string.strip()
    out = host.run('python3 -c "%s"' % (
        "import json, urllib.request; r = urllib.request.Request("
        "'http://127.0.0.1:%s/__api__/v1/content/8d0a-sales', headers={'Authorization': "
        "'Key molecule-standin-admin-key'}); print(json.load(urllib.request.urlopen(r))['bundle_id'])"
        % port))
    assert out.rc == 0, out.stderr
    assert out.stdout.strip() == '42'


def test_exactly_one_cache_delete_after_a_dry_run(host):
    deletes = [w['body'] for w in writes(host) if w['method'] == 'DELETE']
    assert deletes == [
        {'language': 'Python', 'version': '3.13.5', 'image_name': 'Local', 'dry_run': True},
        {'language': 'Python', 'version': '3.13.5', 'image_name': 'Local', 'dry_run': False}]


def test_the_second_run_made_no_api_writes(host):
    # the copy was taken after the idempotence run: every write is the first run's
    assert len(writes(host)) == 4


def test_the_record_names_what_was_rebuilt(host):
    record = json.loads(host.file('%s/upgrade-rebuilt.json' % AFTER).content_string)
    # keyed by the move: the bundle built and the release it moved to (next month's move to a
    # newer release is not "done before")
    assert record['rebuilt'] == {'5e1f-notebook': {'bundle_id': '7', 'to': NEWEST},
                                 '8d0a-sales': {'bundle_id': '42', 'to': NEWEST}}


# Next month (the side effect): a newer release, added by the site with its sum.
def test_next_month_the_new_release_is_installed_and_the_last_one_retired(host):
    executables, prefixes = kept(host, MONTH_2)
    assert executables == ['/opt/Python/2.7.18/bin/python', '/opt/Python/%s/bin/python3' % NEXT]
    assert NEXT in prefixes and NEWEST not in prefixes
    out = host.run('env -i /opt/Python/%s/bin/python3 -c "import platform, ssl; '
                   'print(platform.python_version())"' % NEXT)
    assert out.rc == 0 and out.stdout.strip() == NEXT


def test_next_month_the_items_are_rebuilt_again_with_their_active_bundles(host):
    month_2 = writes(host, MONTH_2)[len(writes(host)):]  # the writes of the second upgrade
    builds = sorted((w['path'], w['body']) for w in month_2 if w['method'] == 'POST')
    assert builds == [
        ('/__api__/v1/content/5e1f-notebook/build', {'bundle_id': '7'}),
        ('/__api__/v1/content/8d0a-sales/build', {'bundle_id': '42'})]
    deletes = [w['body'] for w in month_2 if w['method'] == 'DELETE']
    assert deletes == [
        {'language': 'Python', 'version': NEWEST, 'image_name': 'Local', 'dry_run': True},
        {'language': 'Python', 'version': NEWEST, 'image_name': 'Local', 'dry_run': False}]
    record = json.loads(host.file('%s/upgrade-rebuilt.json' % MONTH_2).content_string)
    assert record['rebuilt'] == {'5e1f-notebook': {'bundle_id': '7', 'to': NEXT},
                                 '8d0a-sales': {'bundle_id': '42', 'to': NEXT}}
