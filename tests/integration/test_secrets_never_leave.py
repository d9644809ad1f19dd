# -*- coding: utf-8 -*-
"""Connect's configuration file holds credentials (the database URL, SMTP and LDAP passwords);
its contents never appear in a task result, a diff or a log (issue 24, item 1). report.yml runs
at -vvvv and the config module runs with --check --diff under the JSON callback, and every
registered result is stored with copy, the way AWX and ARA store them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import json
import os
import re

from local_inventory import local_inventory

HERE = os.path.dirname(__file__)
REPORT = os.path.join(HERE, '..', '..', 'playbooks', 'report.yml')
STORE = os.path.join(HERE, 'playbooks', 'secrets_store.yml')

SECRETS = ('pg-Secret-4711', 'smtp-Secret-0815', 'ldap-Secret-1234')
CONFIG = u'''; Connect's own settings, credentials included
[Server]
Address = https://connect.example.com
SenderEmail = connect@example.com

[Database]
Provider = postgres

[Postgres]
URL = "postgres://connect:pg-Secret-4711@db.example.com/connect"

[SMTP]
Host = smtp.example.com
User = connect
Password = smtp-Secret-0815

[LDAP "Company LDAP"]
ServerAddress = ldap.example.com:636
BindDN = "cn=connect,dc=example,dc=com"
BindPassword = "ldap-Secret-1234"

[Python]
Enabled = true
Executable = /opt/Python/3.11.2/bin/python3
'''


def decoded_base64(text):
    """Every run of base64 in ``text``, decoded (slurp returns a file's text as base64)."""
    out = []
    for run in re.findall(r'[A-Za-z0-9+/]{16,}={0,2}', text):
        try:
            out.append(base64.b64decode(run + '=' * (-len(run) % 4)).decode('utf-8', 'replace'))
        except (binascii.Error, ValueError):
            pass
    return '\n'.join(out)


def assert_no_secret(text, where):
    for secret in SECRETS:
        assert secret not in text, '%s leaked in %s' % (secret, where)
        assert secret not in decoded_base64(text), '%s leaked in %s as base64' % (secret, where)


def test_report_at_full_verbosity_never_shows_the_file(playbook, tmp_path, fake_python_root):
    root, exes = fake_python_root(tmp_path, ['3.11.2'])
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text(CONFIG.replace('/opt/Python/3.11.2/bin/python3', exes[0]))
    for callback in ('ansible.builtin.default', None):
        env = {'ANSIBLE_STDOUT_CALLBACK': callback} if callback else {}
        proc, _result = playbook(REPORT, '-vvvv', '-i', local_inventory(tmp_path), '-e',
                                 json.dumps({'python_build_root': root,
                                             'connect_python_config_path': str(config)}), env=env)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
        # The report still shows what Connect reads from [Python].
        assert exes[0] in proc.stdout and 'configured, usable' in proc.stdout
        assert_no_secret(proc.stdout + proc.stderr, 'report.yml output (%s)' % callback)


def test_check_diff_and_stored_results_never_hold_the_file(playbook, tmp_path):
    config = tmp_path / 'rstudio-connect.gcfg'
    config.write_text(CONFIG)
    proc, result = playbook(STORE, '-vvv', '--diff', '-i', local_inventory(tmp_path),
                            env={'CONNECT_OPS_WORKDIR': str(tmp_path)})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    assert_no_secret(proc.stdout + proc.stderr, 'the JSON callback output')
    stored = (tmp_path / 'stored-results.json').read_text()
    assert_no_secret(stored, 'the stored results')
    results = json.loads(stored)
    # The diff still shows the change to [Python], and the file was changed for real.
    diff = results['preview']['diff']
    assert '[Python]' in diff['before'] and 'Executable = /opt/Python/3.11.2' in diff['before']
    assert 'Executable = /opt/Python/3.11.2' not in diff['after']
    assert results['changed']['changed'] and results['changed']['backup_file']
    assert results['info']['config']['exists'] is True
    text = config.read_text()
    for secret in SECRETS:
        assert secret in text  # the rest of the file is kept as it was
