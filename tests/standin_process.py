# -*- coding: utf-8 -*-
"""The Connect API stand-in (tests/fixtures/connect_standin.py) run as a process, for the client
tests and the role's playbook tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))


class ConnectStandIn(object):
    """tests/fixtures/connect_standin.py in its own process; ``configure(**state)`` rewrites
    what it serves (read on every request)."""

    SCRIPT = os.path.join(ROOT, 'tests', 'fixtures', 'connect_standin.py')

    def __init__(self, directory, cert=None, client_ca=None):
        self.state_path = os.path.join(str(directory), 'standin-state.json')
        port_file = os.path.join(str(directory), 'standin-port')
        self.api_key = 'standin-admin-key-0123456789'
        self.configure()
        argv = [sys.executable, self.SCRIPT, self.state_path, port_file]
        if cert:
            argv += [cert['cert'], cert['key']] + ([client_ca] if client_ca else [])
        self.proc = subprocess.Popen(argv)
        deadline = time.monotonic() + 20
        while not os.path.exists(port_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError('the Connect stand-in did not start')
            time.sleep(0.05)
        with open(port_file) as f:
            port = int(f.read())
        self.url = '%s://%s:%d' % ('https' if cert else 'http',
                                   'localhost' if cert else '127.0.0.1', port)

    def configure(self, **state):
        state.setdefault('api_key', self.api_key)
        tmp = self.state_path + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(state, f)
        os.replace(tmp, self.state_path)

    def writes(self):
        """Every POST and DELETE the stand-in took, in order (method, path, body)."""
        try:
            with open(self.state_path + '.writes') as f:
                return [json.loads(line) for line in f]
        except IOError:
            return []

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
