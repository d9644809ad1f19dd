# -*- coding: utf-8 -*-
"""report.yml through ansible-playbook on this host (issue 13): any host pattern, every root
(a missing one holds nothing), the same required modules as the role, a missing config file."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from local_inventory import local_inventory

REPORT = os.path.join(os.path.dirname(__file__), '..', '..', 'playbooks', 'report.yml')


def report_lines(proc):
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    out = proc.stdout
    return out[out.index('Show the report'):]


def inventory(tmp_path):
    return local_inventory(tmp_path, 'my_connect_servers')


def test_report_any_group_roots_and_required_modules(playbook, tmp_path, fake_python_root):
    root, exes = fake_python_root(tmp_path, ['3.11.2', '3.12.4'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text('[Python]\nEnabled = true\nExecutable = %s\n' % exes[0])
    proc, _result = playbook(REPORT, '-i', inventory(tmp_path), '-e', json.dumps({
        'connect_hosts': 'my_connect_servers', 'python_build_root': root,
        'connect_python_config_path': str(config),
        'connect_python_required_modules': ['pip', 'setuptools'],
        'report_content_versions': ['3.11.7', '3.12.1']}),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    text = report_lines(proc)
    assert '%s' % exes[0] in text and '3.11.2' in text and 'configured, usable' in text
    assert 'not configured, usable' in text                       # 3.12.4 found under the root
    assert 'Required modules: pip, setuptools' in text
    assert '/opt/python' in text                                   # Posit's layout searched too
    assert "3.11.7       -> %s (3.11.2)" % exes[0] in text
    assert '3.12.1       -> no match' in text                      # 3.12.4 is not configured


def test_report_without_config_or_roots(playbook, tmp_path):
    proc, _result = playbook(REPORT, '-i', inventory(tmp_path), '-e', json.dumps({
        'connect_hosts': 'my_connect_servers', 'python_build_root': str(tmp_path / 'none'),
        'connect_python_config_path': str(tmp_path / 'missing.gcfg')}),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    text = report_lines(proc)
    assert 'missing.gcfg: no such file' in text and 'Enabled = false' in text


def test_report_shows_deployed_content_from_connects_api(playbook, tmp_path, fake_python_root,
                                                         connect_standin):
    root, exes = fake_python_root(tmp_path, ['3.11.2', '3.12.4'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text('[Python]\nEnabled = true\nExecutable = %s\n' % exes[0])
    content = [{'guid': 'g-%d' % i, 'title': 'Sales API %d' % i, 'py_version': '3.11.9'}
               for i in range(3)]
    content += [{'guid': 'g-nb', 'title': 'Forecast notebook', 'py_version': '3.12.4'},
                {'guid': 'g-r', 'title': 'An R app', 'py_version': None}]
    connect_standin.configure(content=content, installations=[{'version': '3.11.2'}])
    proc, _result = playbook(REPORT, '-i', inventory(tmp_path), '-e', json.dumps({
        'connect_hosts': 'my_connect_servers', 'python_build_root': root,
        'connect_python_config_path': str(config),
        'connect_python_server_url': connect_standin.url,
        'connect_python_api_key': connect_standin.api_key}),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    text = report_lines(proc)
    assert '5 items, 4 with Python' in text
    assert '3 item(s) deployed with 3.11.9' in text
    assert 'NO MATCH for 1 item(s) deployed with 3.12.4: Forecast notebook' in text
    assert 'Connect accepted: 3.11.2; configured and usable: 3.11.2' in text
    assert connect_standin.api_key not in proc.stdout + proc.stderr


def test_a_report_with_a_publishers_key_goes_on_and_says_what_it_cannot_see(
        playbook, tmp_path, fake_python_root, connect_standin):
    """Issue 39, item 4: report.yml reads with the key it has and says it saw less."""
    root, exes = fake_python_root(tmp_path, ['3.11.2'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text('[Python]\nEnabled = true\nExecutable = %s\n' % exes[0])
    connect_standin.configure(
        content=[{'guid': 'g-own', 'title': 'Own app', 'py_version': '3.11.2',
                  'owner_guid': 'publisher'},
                 {'guid': 'g-other', 'title': 'Other app', 'py_version': '3.11.2'}],
        installations=[{'version': '3.11.2'}], publisher_key='publisher-key-1234')
    proc, _result = playbook(REPORT, '-i', inventory(tmp_path), '-e', json.dumps({
        'connect_hosts': 'my_connect_servers', 'python_build_root': root,
        'connect_python_config_path': str(config),
        'connect_python_server_url': connect_standin.url,
        'connect_python_api_key': 'publisher-key-1234'}),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    assert proc.returncode == 0, proc.stdout[-3000:]
    text = report_lines(proc)
    assert '1 items, 1 with Python' in text
    assert ("INCOMPLETE: the API key is a publisher's, not an administrator's: only the content "
            "that user may see is listed") in text
    assert 'cannot see everything' in ' '.join(proc.stdout.split() + proc.stderr.split())
    assert 'publisher-key-1234' not in proc.stdout + proc.stderr


def test_report_shows_each_interpreters_lifecycle(playbook, tmp_path, fake_python_root,
                                                  connect_standin):
    root, exes = fake_python_root(tmp_path, ['3.9.18', '3.11.7', '3.13.15'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text('[Python]\nEnabled = true\nVersionMatching = major-minor\n' +
                      ''.join('Executable = %s\n' % e for e in exes))
    connect_standin.configure(content=[
        {'guid': 'g-%d' % i, 'title': 'App %d' % i, 'py_version': '3.11.7'} for i in range(2)],
        installations=[{'version': '3.11.7'}])
    proc, _result = playbook(REPORT, '-i', inventory(tmp_path), '-e', json.dumps({
        'connect_hosts': 'my_connect_servers', 'python_build_root': root,
        'connect_python_config_path': str(config),
        'connect_python_server_url': connect_standin.url,
        'connect_python_api_key': connect_standin.api_key}),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    text = report_lines(proc)
    assert 'Lifecycle (release data as of ' in text
    lines = [' '.join(line.split()) for line in text.splitlines()]
    assert any(l.endswith('%s 3.9.18 end-of-life since 2025-10-31; 3.9.25 is known [EOL], 0 '
                          'deployed item(s) resolve to it",' % exes[0]) for l in lines), text
    assert any(l.endswith('%s 3.11.7 security fixes until 2027-10; 3.11.15 is known [BEHIND], 2 '
                          'deployed item(s) resolve to it",' % exes[1]) for l in lines), text
    assert any(l.endswith('%s 3.13.15 security fixes until 2029-10, 0 deployed item(s) resolve to '
                          'it",' % exes[2]) for l in lines), text
    # the fleet view flags them too
    assert '[EOL]' in text[text.index('Show the fleet view'):]


def test_report_knows_the_release_the_site_added_and_its_data_file(playbook, tmp_path,
                                                                   fake_python_root):
    # issue 40: a release the site added with its sum makes 3.13.15 BEHIND in the report and in
    # the fleet view; a release data file dated today gives the data's date and no warning
    root, exes = fake_python_root(tmp_path, ['3.13.15'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text('[Python]\nEnabled = true\nVersionMatching = major-minor\n'
                      'Executable = %s\n' % exes[0])
    import datetime
    today = datetime.date.today().isoformat()
    data = tmp_path / 'release-data.json'
    data.write_text(json.dumps({'format': 1, 'as_of': today, 'releases': {}, 'series': {}}))
    proc, _result = playbook(REPORT, '-i', inventory(tmp_path), '-e', json.dumps({
        'connect_hosts': 'my_connect_servers', 'python_build_root': root,
        'connect_python_config_path': str(config),
        'python_build_checksums': {'3.13.16': 'ab' * 32},
        'python_build_release_data': str(data)}),
        env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    assert proc.returncode == 0, proc.stdout[-3000:]
    text = report_lines(proc)
    assert "Lifecycle (release data as of %s (the site's release data file))" % today in text
    assert 'Warning: the release data' not in text
    lines = [' '.join(line.split()) for line in text.splitlines()]
    assert any(l.endswith('%s 3.13.15 security fixes until 2029-10; 3.13.16 is known [BEHIND]",'
                          % exes[0]) for l in lines), text
    assert '3.13.15    security fixes until 2029-10; 3.13.16 is known [BEHIND]' in \
        text[text.index('Show the fleet view'):]


def test_connect_ops_proxy_env_reaches_connects_api_through_the_proxy(
        playbook, tmp_path, fake_python_root, connect_standin, forward_proxy):
    # issue 42: one variable gives every play of the playbooks (and both roles) a forward proxy;
    # a play's own environment keyword cannot be set from the inventory or -e
    root, exes = fake_python_root(tmp_path, ['3.11.7'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text('[Python]\nEnabled = true\nVersionMatching = major-minor\n'
                      'Executable = %s\n' % exes[0])
    connect_standin.configure(content=[{'guid': 'g-1', 'title': 'App', 'py_version': '3.11.7'}],
                              installations=[{'version': '3.11.7'}])
    proxy_env = {'http_proxy': forward_proxy['url'], 'no_proxy': '', 'NO_PROXY': ''}
    extra = {'connect_hosts': 'my_connect_servers', 'python_build_root': root,
             'connect_python_config_path': str(config),
             'connect_python_server_url': connect_standin.url,
             'connect_python_api_key': connect_standin.api_key,
             'connect_ops_proxy_env': proxy_env}
    proc, _result = playbook(REPORT, '-i', inventory(tmp_path), '-e', json.dumps(extra),
                             env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    text = report_lines(proc)
    assert '1 deployed item(s) resolve to it' in text
    log = forward_proxy['log'].read_text()
    assert connect_standin.url.split('//')[1].rstrip('/') in log, log[-2000:]
    assert connect_standin.api_key not in log
