# -*- coding: utf-8 -*-
"""connect_python_config through ansible-playbook on a real host, read back with Go's gcfg."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

HERE = os.path.dirname(__file__)


def test_connect_python_config_playbook(playbook, tmp_path, gcfg_oracle):
    proc, result = playbook(os.path.join(HERE, 'playbooks', 'connect_python_config.yml'),
                            env={'CONNECT_OPS_WORKDIR': str(tmp_path)})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    stats = result['stats']['localhost']
    assert stats['failures'] == 0 and stats['changed'] == 3  # copy, check-mode preview, configure
    read = gcfg_oracle.read(str(tmp_path / 'rstudio-connect.gcfg'))
    assert read['enabled'] is True and read['version_matching'] == 'major-minor'
    assert len(read['executables']) == 1
