"""What upgrade.yml did on the host: the newest 3.13 installed and registered, 3.13.5 retired with
its prefix gone, both 3.13.5 items rebuilt with the bundle active at the time (the Sales API was
redeployed with bundle 42 after the plan and keeps it), exactly one cache DELETE made after its
dry run, every task followed through a proxy's 502, and no API write by the second (idempotent)
run."""

import json

NEWEST = '3.13.15'
AFTER = '/root/after-upgrade'


def writes(host):
    text = host.file('%s/writes.jsonl' % AFTER).content_string
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_newest_patch_is_installed_and_registered_and_the_old_one_retired(host):
    gcfg = host.file('%s/rstudio-connect.gcfg' % AFTER).content_string
    executables = [line.split('=', 1)[1].strip() for line in gcfg.splitlines()
                   if line.strip().startswith('Executable')]
    assert sorted(executables) == ['/opt/Python/2.7.18/bin/python', '/opt/Python/%s/bin/python3' % NEWEST]
    prefixes = host.file('%s/prefixes' % AFTER).content_string.split()
    assert NEWEST in prefixes and '2.7.18' in prefixes and '3.13.5' not in prefixes
    out = host.run('env -i /opt/Python/%s/bin/python3 -c "import ssl, sqlite3; print(1)"' % NEWEST)
    assert out.rc == 0 and out.stdout.strip() == '1'


def test_both_items_rebuilt_with_their_active_bundles_and_nothing_else(host):
    builds = [(w['path'], w['body']) for w in writes(host) if w['method'] == 'POST']
    # 41 (what the plan saw) was never built: building it would have made it live again
    assert sorted(builds) == [
        ('/__api__/v1/content/5e1f-notebook/build', {'bundle_id': '7'}),
        ('/__api__/v1/content/8d0a-sales/build', {'bundle_id': '42'})]


def test_the_redeployed_item_keeps_its_new_bundle(host):
    out = host.run('python3 -c "%s"' % (
        "import json, urllib.request; r = urllib.request.Request("
        "'http://127.0.0.1:3939/__api__/v1/content/8d0a-sales', headers={'Authorization': "
        "'Key molecule-standin-admin-key'}); print(json.load(urllib.request.urlopen(r))['bundle_id'])"))
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
    record = json.loads(host.file('/var/lib/connect-ops/upgrade-rebuilt.json').content_string)
    # keyed by the move: the bundle built and the release it moved to (next month's move to a
    # newer release is not "done before")
    assert record['rebuilt'] == {'5e1f-notebook': {'bundle_id': '7', 'to': NEWEST},
                                 '8d0a-sales': {'bundle_id': '42', 'to': NEWEST}}
