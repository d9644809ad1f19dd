# -*- coding: utf-8 -*-
"""An inventory that puts this host in a group, for playbooks run by the integration tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys


def local_inventory(tmp_path, group='connect'):
    """An inventory file that puts this host, run locally with this Python, in ``group``."""
    path = tmp_path / 'hosts.ini'
    path.write_text('[%s]\nlocalhost ansible_connection=local ansible_become=false '
                    'ansible_python_interpreter=%s\n' % (group, sys.executable))
    return str(path)
