# -*- coding: utf-8 -*-
"""bootstrap.yml in a real container (issue 23): a Debian 12 host whose Python was removed gets
python3 from Debian's archive and runs modules; the second run changes nothing. (EL 8's and SUSE's
decisions are unit-tested in tests/unit/plugins/module_utils/test_bootstrap.py; no EL or SUSE
image can be pulled here.)

  make package-managers
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BOOTSTRAP = os.path.join(ROOT, 'playbooks', 'bootstrap.yml')


def run(inventory, name):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, 'build', 'collections'),
               ANSIBLE_STDOUT_CALLBACK='json', ANSIBLE_NOCOLOR='1')
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
                           '-i', inventory, BOOTSTRAP], capture_output=True, text=True, env=env,
                          check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    tasks = dict((t['task']['name'], t['hosts'][name]) for t in result['plays'][0]['tasks'])
    return result['stats'][name], tasks


def test_bootstrap_installs_python_where_none_exists_then_changes_nothing(tmp_path):
    name = 'connect-ops-bootstrap-%s' % uuid.uuid4().hex[:6]
    subprocess.run(['docker', 'run', '-d', '--name', name, '--network', 'host',
                    'connect-ops/debian12', 'sleep', 'infinity'], check=True,
                   capture_output=True)
    try:
        # A host without Python (as a Rocky Minimal image has none): remove Debian's.
        subprocess.run(['docker', 'exec', name, 'dpkg', '-r', '--force-depends', 'python3',
                        'python3-minimal', 'python3.11', 'python3.11-minimal'], check=True,
                       capture_output=True)
        gone = subprocess.run(['docker', 'exec', name, 'sh', '-c', 'command -v python3'],
                              capture_output=True, text=True, check=False)
        assert gone.returncode != 0
        inventory = tmp_path / 'hosts.yml'
        inventory.write_text(json.dumps({'connect': {'hosts': {name: {
            'ansible_connection': 'community.docker.docker'}}}}))

        stats, tasks = run(str(inventory), name)
        assert stats['changed'] == 1, stats
        assert 'has no Python 3.9+ (found: none): installing python3 with apt-get' in \
            tasks['Say what was found and what will happen']['msg']
        assert tasks['Check that Ansible can run modules with it']['ansible_facts'][
            'ansible_python_version'].startswith('3.')

        stats, tasks = run(str(inventory), name)
        assert stats['changed'] == 0, stats
        assert 'nothing to install' in tasks['Say what was found and what will happen']['msg']
        assert tasks['Install the interpreter with the host\'s package manager'].get('skipped')
    finally:
        subprocess.run(['docker', 'rm', '-f', name], capture_output=True, check=False)
