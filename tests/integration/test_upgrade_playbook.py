# -*- coding: utf-8 -*-
"""upgrade.yml --check through ansible-playbook on this host, against the Connect API stand-in:
the whole plan is printed (what is installed, what it supersedes, which content moves where, what
an exact pin keeps), and nothing changes - not the file, not Connect (no API write)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from local_inventory import local_inventory

UPGRADE = os.path.join(os.path.dirname(__file__), '..', '..', 'playbooks', 'upgrade.yml')
CONTENT = [
    {'guid': 'g-sales', 'title': 'Sales API', 'py_version': '3.13.5', 'bundle_id': '41'},
    {'guid': 'g-nb', 'title': 'Forecast notebook', 'py_version': '3.13.2', 'bundle_id': '7'},
    {'guid': 'g-legacy', 'title': 'Legacy report', 'py_version': '2.7.18', 'bundle_id': '3'},
    {'guid': 'g-r', 'title': 'An R app', 'py_version': None, 'bundle_id': '9'},
]


def run(playbook, tmp_path, fake_python_root, connect_standin, matching):
    root, exes = fake_python_root(tmp_path, ['3.13.5', '2.7.18'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text('[Database]\nPassword = "s3cr3t"\n\n[Python]\nEnabled = true\n'
                      'VersionMatching = %s\n' % matching +
                      ''.join('Executable = %s\n' % e for e in exes))
    before = config.read_bytes()
    connect_standin.configure(content=CONTENT, caches=[
        {'language': 'Python', 'version': '3.13.5', 'image_name': 'Local'}])
    proc, result = playbook(UPGRADE, '--check', '-i', local_inventory(tmp_path), '-e', json.dumps({
        'python_build_root': root, 'connect_python_config_path': str(config),
        'connect_python_server_url': connect_standin.url,
        'connect_python_api_key': connect_standin.api_key}),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert config.read_bytes() == before
    assert not os.path.exists(connect_standin.state_path + '.writes')
    assert connect_standin.api_key not in proc.stdout + proc.stderr
    assert 's3cr3t' not in proc.stdout + proc.stderr
    out = ' '.join(proc.stdout.split())
    return out[out.index('TASK [Show the plan]'):][:3000]


def test_check_prints_the_whole_plan_and_changes_nothing(
        playbook, tmp_path, fake_python_root, connect_standin):
    out = run(playbook, tmp_path, fake_python_root, connect_standin, 'major-minor')
    assert '" 3.13: 3.13.15 (to install), supersedes 3.13.5"' in out
    assert '" 2.7: 2.7.18"' in out
    assert '"Retire 3.13.5: 2 item(s) move:"' in out
    assert '" Sales API (g-sales, deployed with 3.13.5) -> 3.13.15, rebuilt at once, its active bundle (now 41)"' in out
    assert '" Forecast notebook (g-nb, deployed with 3.13.2) -> 3.13.15, rebuilt at once, its active bundle (now 7)"' in out
    assert 'Legacy report' not in out
    assert 'Newest known patch releases (release data as of' in out
    # old release data is said before the plan (from 2026-10-16 on, the shipped data is)
    import datetime
    from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython import release_data
    stale = release_data.stale_warning(release_data.shipped(), datetime.date.today().isoformat())
    assert ('"Warning: %s"' % ' '.join(stale.split()) in out) is bool(stale)


def test_check_under_exact_names_the_pinned_item_that_keeps_its_release(
        playbook, tmp_path, fake_python_root, connect_standin):
    out = run(playbook, tmp_path, fake_python_root, connect_standin, 'exact')
    assert '"Keep 3.13.5: VersionMatching is exact and 1 item(s) are pinned to it: Sales API (g-sales)"' in out
    assert 'Retire 3.13.5' not in out


def test_check_without_an_api_key_says_what_it_cannot_know(playbook, tmp_path, fake_python_root):
    root, exes = fake_python_root(tmp_path, ['3.13.5'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text('[Python]\nEnabled = true\nExecutable = %s\n' % exes[0])
    before = config.read_bytes()
    proc, result = playbook(UPGRADE, '--check', '-i', local_inventory(tmp_path), '-e', json.dumps({
        'python_build_root': root, 'connect_python_config_path': str(config)}),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    out = ' '.join(proc.stdout.split())
    assert ('"Retire 3.13.5 (no API key: which content moves is not known; '
            'connect_python_require_versions protects what it names)"') in out
    assert config.read_bytes() == before


# Issue 39: what a real Connect and a real inventory bring, refused or reported at plan time.
def check_run(playbook, tmp_path, fake_python_root, connect_standin=None, key=None, extra=None,
              other_exes=()):
    root, exes = fake_python_root(tmp_path, ['3.13.5'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text('[Python]\nEnabled = true\n' +
                      ''.join('Executable = %s\n' % e for e in list(exes) + list(other_exes)))
    before = config.read_bytes()
    values = {'python_build_root': root, 'connect_python_config_path': str(config)}
    if connect_standin is not None:
        connect_standin.configure(content=CONTENT, publisher_key='publisher-key-1234')
        values.update(connect_python_server_url=connect_standin.url,
                      connect_python_api_key=key or connect_standin.api_key)
    values.update(extra or {})
    proc, _result = playbook(UPGRADE, '--check', '-i', local_inventory(tmp_path), '-e',
                             json.dumps(values),
                             env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    assert config.read_bytes() == before
    if connect_standin is not None:
        assert not os.path.exists(connect_standin.state_path + '.writes')
    return proc, ' '.join(proc.stdout.split())


def test_settings_under_which_nothing_could_retire_are_refused_before_anything(
        playbook, tmp_path, fake_python_root):
    proc, out = check_run(playbook, tmp_path, fake_python_root,
                          extra={'connect_python_exclusive': False})
    assert proc.returncode != 0
    assert 'connect_python_exclusive is false: site.yml adds Executables but never removes one' in out


def test_executables_given_in_the_inventory_are_refused_before_anything(
        playbook, tmp_path, fake_python_root):
    proc, out = check_run(playbook, tmp_path, fake_python_root,
                          extra={'connect_python_executables': ['/opt/Python/3.13.5/bin/python3']})
    assert proc.returncode != 0
    assert 'connect_python_executables is set in the inventory' in out


def test_a_publishers_key_is_refused_naming_its_role(
        playbook, tmp_path, fake_python_root, connect_standin):
    proc, out = check_run(playbook, tmp_path, fake_python_root, connect_standin,
                          key='publisher-key-1234')
    assert proc.returncode != 0
    assert "the API key is a publisher's (GET /__api__/v1/user: user_role publisher)" in out
    assert 'publisher-key-1234' not in proc.stdout + proc.stderr


def test_an_executable_outside_the_root_is_left_alone_and_named(
        playbook, tmp_path, fake_python_root):
    _other_root, others = fake_python_root(tmp_path / 'elsewhere', ['3.11.2'])
    proc, out = check_run(playbook, tmp_path, fake_python_root, other_exes=others)
    assert proc.returncode == 0, out[-3000:]
    assert ('Left alone: %s (3.11.2) is outside the install root' % others[0]) in out
    assert '3.11: ' not in out  # not planned for a compile into the root


def test_check_mode_does_not_say_it_retired(playbook, tmp_path, fake_python_root):
    proc, out = check_run(playbook, tmp_path, fake_python_root)
    assert proc.returncode == 0, out[-3000:]
    assert 'Check mode: nothing was retired' in out
    assert 'were retired' not in out
